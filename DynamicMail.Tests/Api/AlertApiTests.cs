using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DynamicMail.Smtp.Alerts;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Api;

/// <summary><c>GET /api/v1/domains/{name}/alerts</c> on the real host (one per class), and the webhook URL through the domain API.</summary>
public sealed class AlertApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly WebAppHost _app = host.App;
    private readonly HttpClient _client = host.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alerts_AreListedNewestFirst_ForTheDomainOnly()
    {
        var store = _app.Services.GetRequiredService<IAlertStore>();
        var at = new DateTime(2026, 5, 1, 7, 30, 0, DateTimeKind.Utc);
        await store.TryRecordAsync(new AlertRecord("a1", "xyz.com", AlertKind.MailWaiting, at, "waiting", "text 1", "ops@else.example", null, null),
            at.AddDays(-1), null);
        await store.TryRecordAsync(new AlertRecord("a2", "xyz.com", AlertKind.ServerRefused, at.AddHours(1), "paused", "text 2", null,
            "no contact address is set", "delivered (HTTP 200 OK) after 1 attempt"), at.AddDays(-1), null);
        await store.TryRecordAsync(new AlertRecord("b1", "abc.org", AlertKind.MailWaiting, at, "waiting", "text", null, null, null), at.AddDays(-1), null);

        var list = await _client.GetFromJsonAsync<JsonElement>("/api/v1/domains/XYZ.com/alerts", Ct);

        Assert.Equal(["a2", "a1"], list.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        var newest = list[0];
        Assert.Equal(("ServerRefused", "paused", "no contact address is set"),
            (newest.GetProperty("kind").GetString(), newest.GetProperty("subject").GetString(), newest.GetProperty("emailNote").GetString()));
        Assert.Equal("ops@else.example", list[1].GetProperty("emailedTo").GetString());
    }

    [Theory]
    [InlineData("/api/v1/domains/nope.example/alerts")]
    [InlineData("/api/v1/domains/..%2f..%2fadmin/alerts")]
    [InlineData("/api/v1/domains/%00/alerts")]
    public async Task UnknownOrMalformedDomain_IsRefused_AndShowsNoAlerts(string path)
    {
        var response = await _client.GetAsync(path, Ct);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.DoesNotContain("\"kind\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAKey_Is401_AndShowsNothing()
    {
        using var stranger = FormLogin.NewClient(_app.BaseUrl);
        var response = await stranger.GetAsync("/api/v1/domains/xyz.com/alerts", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task WebhookUrl_ThroughTheDomainApi_IsCheckedAndNeverShowsTheSecret()
    {
        var domain = await _client.GetFromJsonAsync<JsonElement>("/api/v1/domains/xyz.com", Ct);
        var input = JsonSerializer.Deserialize<Dictionary<string, object?>>(domain.GetRawText())!;
        input["webhookUrl"] = "http://127.0.0.1:2375/containers/json";
        input["password"] = null;
        var refused = await _client.PutAsJsonAsync("/api/v1/domains/xyz.com", input, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("public address", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        input["webhookUrl"] = "https://hooks.example.com/dm";
        var saved = await _client.PutAsJsonAsync("/api/v1/domains/xyz.com", input, Ct);
        var body = await saved.Content.ReadAsStringAsync(Ct);
        Assert.True(saved.IsSuccessStatusCode, body);
        Assert.Contains("https://hooks.example.com/dm", body, StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Services.GetRequiredService<DynamicMail.Smtp.Domains.IDomainDirectory>().FindByName("xyz.com")!.WebhookSecret!,
            body, StringComparison.Ordinal);
    }
}
