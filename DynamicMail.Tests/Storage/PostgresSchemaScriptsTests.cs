using DynamicMail.Smtp.Storage.Postgres;

namespace DynamicMail.Tests.Storage;

/// <summary>The embedded schema scripts are numbered 1, 2, 3… without gaps or twins (two branches may both add "003").</summary>
public sealed class PostgresSchemaScriptsTests
{
    [Fact]
    public void Versions_AreConsecutive_FromOne()
    {
        var versions = PostgresSchema.Scripts().Select(s => s.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }
}
