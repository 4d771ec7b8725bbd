using System.Net;
using System.Text.RegularExpressions;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// X-Forwarded-For is believed only from configured proxies (it decides the delivery target and the login throttle's
/// address); a bad proxy entry stops start-up naming its key.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed partial class ForwardedForTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>Fails ten logins claiming to come from <paramref name="guesser"/>, then tries the right password claiming <paramref name="then"/>.</summary>
    private static async Task<string> LoginAfterGuessesAsync(WebAppHost app, string guesser, string then)
    {
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(app.BaseUrl) };
        async Task<string> PostAsync(string forwardedFor, string username, string password)
        {
            var page = await http.GetStringAsync("/mailserver/xyz");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = Token().Match(page).Groups["token"].Value,
                ["username"] = username,
                ["password"] = password,
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/mailserver/xyz/login") { Content = form };
            request.Headers.Add("X-Forwarded-For", forwardedFor);
            using var response = await http.SendAsync(request);
            return response.Headers.Location?.ToString() ?? $"status {(int)response.StatusCode}";
        }
        for (var i = 0; i < 10; i++)
        {
            // Another username each time, so only the per-address throttle is at work.
            Assert.Contains("?error=1", await PostAsync(guesser, $"user-{i}", "wrong"), StringComparison.Ordinal);
        }
        return await PostAsync(then, "xyzadmin", "xyz-password");
    }

    [Fact]
    public async Task FromAKnownProxy_TheForwardedAddressIsTheClient()
    {
        await using var app = new WebAppHost(_dir.Path, 25, new Dictionary<string, string?> { ["DynamicMail:Web:KnownProxies:0"] = "127.0.0.1" });

        Assert.Equal("/mailserver/xyz", await LoginAfterGuessesAsync(app, "203.0.113.5", "198.51.100.7"));
    }

    [Fact]
    public async Task WithoutKnownProxies_TheHeaderIsIgnored()
    {
        await using var app = new WebAppHost(_dir.Path, 25);

        Assert.Contains("?error=2", await LoginAfterGuessesAsync(app, "203.0.113.5", "198.51.100.7"), StringComparison.Ordinal);
    }

    /// <summary>The session cookie's Set-Cookie after a login whose POST carries <c>X-Forwarded-Proto: https</c>.</summary>
    private static async Task<string> SessionCookieAfterHttpsLoginAsync(WebAppHost app)
    {
        using var http = FormLogin.NewClient(app.BaseUrl);
        var page = await http.GetStringAsync("/mailserver/xyz");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(page).Groups["token"].Value),
            ["username"] = "xyzadmin",
            ["password"] = "xyz-password",
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mailserver/xyz/login") { Content = form };
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await http.SendAsync(request);
        Assert.Equal("/mailserver/xyz", response.Headers.Location?.ToString());
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dm.session=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FromAKnownProxy_ForwardedHttps_MakesTheSessionCookieSecure()
    {
        await using var app = new WebAppHost(_dir.Path, 25, new Dictionary<string, string?> { ["DynamicMail:Web:KnownProxies:0"] = "127.0.0.1" });

        Assert.Contains("; secure", await SessionCookieAfterHttpsLoginAsync(app), StringComparison.OrdinalIgnoreCase);
        using var http = FormLogin.NewClient(app.BaseUrl);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/mailserver/xyz");
        page.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await http.SendAsync(page, TestContext.Current.CancellationToken);
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task FromAnUnknownProxy_ForwardedHttps_IsIgnored()
    {
        await using var app = new WebAppHost(_dir.Path, 25, new Dictionary<string, string?> { ["DynamicMail:Web:KnownProxies:0"] = "192.0.2.10" });

        Assert.DoesNotContain("; secure", await SessionCookieAfterHttpsLoginAsync(app), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void BadProxyEntry_StopsStartupNamingTheKey()
    {
        var ex = Assert.ThrowsAny<Exception>(() => new WebAppHost(_dir.Path, 25, new Dictionary<string, string?> { ["DynamicMail:Web:KnownProxies:0"] = "proxy.local" }));
        Assert.Contains("DynamicMail:Web:KnownProxies:0: 'proxy.local' is not an IP address.", ex.ToString(), StringComparison.Ordinal);
    }
}
