using System.Net;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// A session cookie is checked against its account on every request (rule 10): an old cookie, replayed as it was,
/// opens nothing after logout, a new password, "log out everywhere", disabling, a new username, or the domain
/// being deleted and created again.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class SessionRevocationTests : BrowserTest
{
    private readonly CookieContainer _jar = new();

    private async Task<bool> OpensSessionAsync(string cookieHeader)
    {
        using var client = Revoke.WithCookie(App.BaseUrl, cookieHeader);
        var html = await client.GetStringAsync("/mailserver/xyz", TestContext.Current.CancellationToken);
        return !html.Contains("data-testid=\"login-form\"", StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Revoke.Ways), MemberType = typeof(Revoke))]
    public async Task OldCustomerCookie_AfterItIsTakenBack_OpensTheLoginForm(string how)
    {
        var cookie = await LoginAsync();
        Assert.True(await OpensSessionAsync(cookie));

        await Revoke.SessionsOfXyzAsync(how, App, cookie);

        Assert.False(await OpensSessionAsync(cookie));
    }

    [Fact]
    public async Task OldOperatorCookie_AfterLogout_OpensNoConsole()
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = _jar, AllowAutoRedirect = false }) { BaseAddress = new Uri(App.BaseUrl) };
        using var login = await FormLogin.OperatorAsync(client, EngineHost.OperatorName, EngineHost.OperatorPassword);
        var cookie = _jar.GetCookieHeader(new Uri(App.BaseUrl));
        using var replay = Revoke.WithCookie(App.BaseUrl, cookie);
        using var before = await replay.GetAsync("/admin", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var logout = await FormLogin.PostFormAsync(client, "/admin", "/admin/auth/logout", []);
        Assert.Equal("/admin/login", logout.Headers.Location?.ToString());

        using var after = await replay.GetAsync("/admin", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/admin/login", after.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task<string> LoginAsync()
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = _jar, AllowAutoRedirect = false }) { BaseAddress = new Uri(App.BaseUrl) };
        using var login = await FormLogin.CustomerAsync(client, "xyz", "xyzadmin", "xyz-password");
        Assert.Equal("/mailserver/xyz", login.Headers.Location?.ToString());
        return _jar.GetCookieHeader(new Uri(App.BaseUrl));
    }
}
