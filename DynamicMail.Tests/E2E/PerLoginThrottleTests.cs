using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// Guessing one account from many addresses (through a known proxy, so each attempt has its own address): after
/// five failures the account is locked for everyone but a browser that has logged in to it before.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class PerLoginThrottleTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebAppHost _app = null!;
    private int _address = 1;

    public ValueTask InitializeAsync()
    {
        _app = new WebAppHost(_dir.Path, 25, new Dictionary<string, string?> { ["DynamicMail:Web:KnownProxies:0"] = "127.0.0.1" });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>Posts a login form from a new client address (X-Forwarded-For); returns where it redirects.</summary>
    private async Task<string> LoginAsync(HttpClient client, string page, string action, string username, string password)
    {
        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{_address++}");
        using var response = await FormLogin.PostFormAsync(client, page, action, new() { ["username"] = username, ["password"] = password });
        return response.Headers.Location?.ToString() ?? $"status {(int)response.StatusCode}";
    }

    private Task<string> CustomerAsync(HttpClient client, string password) =>
        LoginAsync(client, "/mailserver/xyz", "/mailserver/xyz/login", "xyzadmin", password);

    [Fact]
    public async Task FiveFailuresFromFiveAddresses_LockTheAccount_ButNotForAKnownBrowser()
    {
        using var known = FormLogin.NewClient(_app.BaseUrl);
        Assert.Equal("/mailserver/xyz", await CustomerAsync(known, "xyz-password"));
        (await known.PostAsync("/mailserver/xyz/logout", null, TestContext.Current.CancellationToken)).Dispose();
        for (var i = 0; i < 5; i++)
        {
            using var attacker = FormLogin.NewClient(_app.BaseUrl);
            Assert.Contains("?error=1", await CustomerAsync(attacker, $"guess-{i}"), StringComparison.Ordinal);
        }

        using var stranger = FormLogin.NewClient(_app.BaseUrl);
        Assert.Equal("/mailserver/xyz?error=3&username=xyzadmin", await CustomerAsync(stranger, "xyz-password"));
        using var lockedPage = await stranger.GetAsync("/mailserver/xyz?error=3", TestContext.Current.CancellationToken);
        Assert.Contains("Too many failed logins for this account", await lockedPage.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        Assert.Equal("/mailserver/xyz", await CustomerAsync(known, "xyz-password"));
    }

    [Fact]
    public async Task OperatorAccount_IsLockedTheSameWay()
    {
        for (var i = 0; i < 5; i++)
        {
            using var attacker = FormLogin.NewClient(_app.BaseUrl);
            Assert.StartsWith("/admin/login?error=1", await LoginAsync(attacker, "/admin/login", "/admin/auth/login", EngineHost.OperatorName, $"guess-{i}"));
        }

        using var stranger = FormLogin.NewClient(_app.BaseUrl);
        Assert.Equal("/admin/login?error=3&username=operator",
            await LoginAsync(stranger, "/admin/login", "/admin/auth/login", EngineHost.OperatorName, EngineHost.OperatorPassword));
    }
}
