using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Operators;

/// <summary>The first operator from configuration, further operators, and API keys, on a real store.</summary>
public sealed class OperatorAccessTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _dir.Dispose();
    }

    private IOperatorDirectory Operators => _engine.Services.GetRequiredService<IOperatorDirectory>();
    private IApiKeys Keys => _engine.Services.GetRequiredService<IApiKeys>();

    [Fact]
    public async Task FirstOperator_IsSeededOnce_ThenConfigurationNoLongerMatters()
    {
        Assert.NotNull(Operators.Authenticate(EngineHost.OperatorName, EngineHost.OperatorPassword));
        Assert.Null(Operators.Authenticate(EngineHost.OperatorName, "wrong-password"));

        await _engine.DisposeAsync();
        _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Admin:Username"] = "intruder",
            ["DynamicMail:Admin:Password"] = "intruder-password",
        });

        Assert.Null(Operators.Authenticate("intruder", "intruder-password"));
        Assert.Equal([EngineHost.OperatorName], Operators.All().Select(o => o.Username));
    }

    [Fact]
    public async Task Operator_CanAddAnother_ButNotTwiceTheSameName()
    {
        Assert.True(await Operators.TryAddAsync("Second", "second-password", EngineHost.OperatorName));
        Assert.False(await Operators.TryAddAsync("second", "other-password", EngineHost.OperatorName));

        var second = Operators.Authenticate("second", "second-password");
        Assert.Equal(EngineHost.OperatorName, second?.CreatedBy);
        Assert.DoesNotContain("second-password", second!.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_VerifiesUntilRevoked_AndIsStoredHashed()
    {
        var (key, secret) = await Keys.CreateAsync("deploy bot", EngineHost.OperatorName);

        Assert.Equal(key.Id, Keys.Verify(secret)?.Id);
        Assert.Null(Keys.Verify(secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(Keys.Verify("dm_" + key.Id));
        Assert.DoesNotContain(secret.Split('_')[2], Keys.All().Single().SecretHash, StringComparison.Ordinal);

        Assert.True(await Keys.RevokeAsync(key.Id, EngineHost.OperatorName));

        Assert.Null(Keys.Verify(secret));
        Assert.False(await Keys.RevokeAsync(key.Id, EngineHost.OperatorName));
    }
}
