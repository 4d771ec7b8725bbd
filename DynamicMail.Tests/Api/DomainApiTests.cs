using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Api;

/// <summary>
/// The HTTP API on the real host: X-Api-Key only, problem details, same validation as the console. The class shares
/// one host: a test that changes a domain creates its own.
/// </summary>
public sealed class DomainApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly WebAppHost _app = host.App;
    private readonly HttpClient _client = host.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dm_000000000000_not-a-key")]
    [InlineData("garbage")]
    public async Task WithoutAValidKey_Answers401Problem(string? key)
    {
        using var client = FormLogin.NewClient(_app.BaseUrl);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var response = await client.GetAsync("/api/v1/domains", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(401, (await ProblemAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task OperatorCookieAlone_IsNotEnough()
    {
        using var client = FormLogin.NewClient(_app.BaseUrl);
        var login = await FormLogin.OperatorAsync(client, EngineHost.OperatorName, EngineHost.OperatorPassword);
        Assert.Equal("/admin", login.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/domains", Ct)).StatusCode);
    }

    [Fact]
    public async Task RevokedKey_Answers401()
    {
        var keys = _app.Services.GetRequiredService<IApiKeys>();
        var (key, secret) = await keys.CreateAsync("short-lived", EngineHost.OperatorName);
        using var client = FormLogin.NewClient(_app.BaseUrl);
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/domains", Ct)).StatusCode);

        await keys.RevokeAsync(key.Id, EngineHost.OperatorName);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/domains", Ct)).StatusCode);
    }

    [Fact]
    public async Task CreateReadUpdateDelete_Domain()
    {
        var created = await _client.PostAsJsonAsync("/api/v1/domains", new { name = "api.example", username = "apiadmin", password = "api-password", deliveryPort = 2526 }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/v1/domains/api.example", created.Headers.Location?.OriginalString);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("/mailserver/api", body.GetProperty("customerPath").GetString());
        Assert.False(body.TryGetProperty("passwordHash", out _));

        var updated = await _client.PutAsJsonAsync("/api/v1/domains/api.example", new { username = "apiadmin", deliveryPort = 2527, disabled = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var read = await _client.GetFromJsonAsync<JsonElement>("/api/v1/domains/api.example", Ct);
        Assert.Equal((2527, true), (read.GetProperty("deliveryPort").GetInt32(), read.GetProperty("disabled").GetBoolean()));

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync("/api/v1/domains/api.example", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/domains/api.example", Ct)).StatusCode);
        Assert.Contains(_app.Services.GetRequiredService<IAuditLog>().Recent(10), e => e.Action == "domain.delete" && e.Operator.StartsWith("api:tests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthChecks_AreOnByDefault_AndCanBeTurnedOff()
    {
        await _client.PostAsJsonAsync("/api/v1/domains", new { name = "checks.example", username = "checksadmin", password = "checks-password" }, Ct);
        Assert.True((await _client.GetFromJsonAsync<JsonElement>("/api/v1/domains/checks.example", Ct)).GetProperty("authChecks").GetBoolean());

        var updated = await _client.PutAsJsonAsync("/api/v1/domains/checks.example", new { username = "checksadmin", authChecks = false }, Ct);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.False((await _client.GetFromJsonAsync<JsonElement>("/api/v1/domains/checks.example", Ct)).GetProperty("authChecks").GetBoolean());
        Assert.False(_app.Services.GetRequiredService<DynamicMail.Smtp.Domains.IDomainDirectory>().FindByName("checks.example")!.AuthChecks);
    }

    [Fact]
    public async Task Create_WithBadInput_AnswersValidationProblem_LikeTheConsole()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/domains", new { name = "xyz.com", slug = "abc", username = "u", password = "long-enough", deliveryPort = 0 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ProblemAsync(response)).GetProperty("errors");
        Assert.Equal("A domain named xyz.com already exists.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("The slug abc is already used by abc.org.", errors.GetProperty("slug")[0].GetString());
        Assert.Equal("The delivery port must be between 1 and 65535.", errors.GetProperty("deliveryPort")[0].GetString());
    }

    [Fact]
    public async Task QueueSummaryAndMessages_OfADomain()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Mail.SendAsync(_app.Smtp, "alice@sender.example", "bob@xyz.com", $"api {i}"));
        }

        var summary = await _client.GetFromJsonAsync<JsonElement>("/api/v1/domains/xyz.com/queue", Ct);
        var first = await _client.GetFromJsonAsync<JsonElement>("/api/v1/domains/xyz.com/messages?take=2", Ct);
        var next = first.GetProperty("next").GetString();
        var second = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/domains/xyz.com/messages?take=2&after={next}", Ct);

        Assert.Equal(3, summary.GetProperty("messages").GetInt32());
        Assert.False(summary.GetProperty("online").GetBoolean());
        var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(m => m.GetProperty("id").GetString());
        Assert.Equal(ids, listed);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.DeleteAsync("/api/v1/domains/xyz.com", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/domains/nope.example/queue", Ct)).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApiAndItsKey()
    {
        using var anonymous = FormLogin.NewClient(_app.BaseUrl);

        var doc = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/v1/domains/{name}/messages", out _));
        Assert.Equal("X-Api-Key", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("name").GetString());
        Assert.False(doc.GetProperty("paths").TryGetProperty("/admin/auth/login", out _));
    }

    [Fact]
    public async Task CustomerCookie_Gets403OnAdminPages()
    {
        using var client = FormLogin.NewClient(_app.BaseUrl);
        var login = await FormLogin.CustomerAsync(client, "xyz", "xyzadmin", "xyz-password");
        Assert.Equal("/mailserver/xyz", login.Headers.Location?.OriginalString);

        foreach (var page in new[] { "/admin", "/admin/domains", "/admin/queue", "/admin/audit", "/admin/access" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(page, Ct)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/domains", Ct)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_IsSentToTheOperatorLogin_AndWrongPasswordIsRefused()
    {
        using var client = FormLogin.NewClient(_app.BaseUrl);

        var page = await client.GetAsync("/admin/queue", Ct);
        var login = await FormLogin.OperatorAsync(client, EngineHost.OperatorName, "wrong-password");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/admin/login", page.Headers.Location?.PathAndQuery ?? page.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal("/admin/login?error=1&username=operator", login.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin", Ct)).StatusCode);
    }

    [Fact]
    public async Task DisabledDomain_ItsPageAsksForLoginAgain_AndRefusesIt()
    {
        var created = await _client.PostAsJsonAsync("/api/v1/domains", new { name = "off.example", username = "offadmin", password = "off-password" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var client = FormLogin.NewClient(_app.BaseUrl);
        await FormLogin.CustomerAsync(client, "off", "offadmin", "off-password");
        Assert.DoesNotContain("data-testid=\"login-form\"", await client.GetStringAsync("/mailserver/off", Ct), StringComparison.Ordinal);

        var disabled = await _client.PutAsJsonAsync("/api/v1/domains/off.example", new { username = "offadmin", disabled = true }, Ct);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        Assert.Contains("data-testid=\"login-form\"", await client.GetStringAsync("/mailserver/off", Ct), StringComparison.Ordinal);
        var again = await FormLogin.CustomerAsync(client, "off", "offadmin", "off-password");
        Assert.Equal("/mailserver/off?error=1&username=offadmin", again.Headers.Location?.OriginalString);
    }
}
