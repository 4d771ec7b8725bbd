using System.Net;
using System.Text.RegularExpressions;

namespace DynamicMail.Tests.TestSupport;

/// <summary>An HTTP client with a cookie jar that logs in through the real server-rendered forms (antiforgery included).</summary>
public static partial class FormLogin
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public static HttpClient NewClient(string baseUrl) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };

    /// <summary>Loads <paramref name="page"/>, then posts its form to <paramref name="action"/>; returns the POST's response.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        var token = Token().Match(html);
        Assert.True(token.Success, $"no antiforgery token on {page}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static Task<HttpResponseMessage> OperatorAsync(HttpClient client, string username, string password) =>
        PostFormAsync(client, "/admin/login", "/admin/auth/login", new() { ["username"] = username, ["password"] = password });

    public static Task<HttpResponseMessage> CustomerAsync(HttpClient client, string slug, string username, string password) =>
        PostFormAsync(client, $"/mailserver/{slug}", $"/mailserver/{slug}/login", new() { ["username"] = username, ["password"] = password });
}
