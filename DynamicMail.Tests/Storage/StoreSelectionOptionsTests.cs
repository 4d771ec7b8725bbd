using DynamicMail.Smtp;
using DynamicMail.Smtp.Storage;

namespace DynamicMail.Tests.Storage;

/// <summary>A bad store setting stops start-up with a message naming the key.</summary>
public sealed class StoreSelectionOptionsTests
{
    private static readonly SectionValidator<StoreSelectionOptions> Validator = new(StoreSelectionOptions.Section);

    [Theory]
    [InlineData(null, "DynamicMail:Store:ConnectionString: is required")]
    [InlineData("Host=db;Nonsense Key=1", "DynamicMail:Store:ConnectionString: is not a valid PostgreSQL connection string")]
    public void Postgres_WithoutAUsableConnectionString_IsRefusedNamingTheKey(string? connectionString, string expected)
    {
        var result = Validator.Validate(null, new StoreSelectionOptions { Provider = StoreProvider.Postgres, ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void LiteDb_NeedsNoConnectionString_AndABadNodeIdIsRefused()
    {
        Assert.True(Validator.Validate(null, new StoreSelectionOptions()).Succeeded);
        Assert.Contains("DynamicMail:Store:NodeId", Validator.Validate(null, new StoreSelectionOptions { NodeId = "a b/c" }).FailureMessage,
            StringComparison.Ordinal);
    }
}
