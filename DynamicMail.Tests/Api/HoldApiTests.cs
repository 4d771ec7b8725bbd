using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Api;

/// <summary>
/// Holds, retention and transcripts through the HTTP API (issue #20): an operator's hold is stored and audited; a bad
/// end, a huge reason, a retention outside 1–30 days get a validation problem and change nothing; a customer's cookie
/// is no key; a real attempt's transcript (to a scripted server that defers) is served for its message and domain.
/// </summary>
public sealed class HoldApiTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private WebAppHost _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app = new WebAppHost(_dir.Path, deliveryPort: _sink.Port);
        _client = FormLogin.NewClient(_app.BaseUrl);
        var (_, key) = await _app.Services.GetRequiredService<IApiKeys>().CreateAsync("tests", EngineHost.OperatorName);
        _client.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CustomerDomain Xyz => _app.Services.GetRequiredService<IDomainDirectory>().FindByName("xyz.com")!;

    private static string In(double days) => DateTime.UtcNow.AddDays(days).ToString("O", CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync() =>
        await _app.Services.GetRequiredService<IAuditLog>().RecentAsync(20, "xyz.com", Ct);

    [Fact]
    public async Task OperatorHold_IsStored_Shown_Audited_AndReleased()
    {
        await Mail.SendAsync(_app.Smtp, "alice@sender.example", "bob@xyz.com", "queued");
        var response = await _client.PostAsJsonAsync("/api/v1/domains/xyz.com/hold", new { reason = "Planned maintenance", until = In(2) }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(view.GetProperty("held").GetBoolean());
        Assert.Equal("Planned maintenance", view.GetProperty("reason").GetString());
        Assert.StartsWith("api:tests", view.GetProperty("by").GetString(), StringComparison.Ordinal);
        var returned = view.GetProperty("oldestReturnedAt").GetDateTime();
        Assert.InRange(returned, DateTime.UtcNow.AddDays(4.9), DateTime.UtcNow.AddDays(5.1));
        var domain = await _client.GetFromJsonAsync<JsonElement>("/api/v1/domains/xyz.com", Ct);
        Assert.Equal("Planned maintenance", domain.GetProperty("hold").GetProperty("reason").GetString());
        Assert.Contains(await AuditAsync(), e => e.Action == "domain.hold" && e.Operator.StartsWith("api:tests", StringComparison.Ordinal)
            && e.Detail!.Contains("Planned maintenance", StringComparison.Ordinal));

        var released = await _client.DeleteAsync("/api/v1/domains/xyz.com/hold", Ct);

        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.False((await released.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("held").GetBoolean());
        Assert.Null(Xyz.Hold);
        Assert.Contains(await AuditAsync(), e => e.Action == "domain.release");
    }

    [Fact]
    public async Task Transcripts_OfADeferredAttempt_AreServedForTheMessageAndItsDomain_OnlyWithAKey()
    {
        _sink.RcptReply = _ => "451 4.2.1 mailbox busy, try again later";
        var id = await Mail.SendAsync(_app.Smtp, "alice@sender.example", "bob@xyz.com", "transcribed");
        _app.Services.GetRequiredService<PresenceRegistry>().Register("tab", "xyz.com", IPAddress.Loopback);
        JsonElement kept = default;
        await Wait.Until(async () =>
            (kept = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/messages/{id}/transcripts", Ct)).GetArrayLength() > 0,
            "the attempt's transcript served");

        var transcript = kept[0];
        Assert.Equal(("xyz.com", id), (transcript.GetProperty("domain").GetString(), transcript.GetProperty("messageId").GetString()));
        var lines = transcript.GetProperty("lines").EnumerateArray()
            .Select(l => $"{l.GetProperty("from").GetString()}: {l.GetProperty("text").GetString()}").ToList();
        Assert.Contains("C: RCPT TO:<bob@xyz.com>", lines);
        Assert.Contains("S: 451 4.2.1 mailbox busy, try again later", lines);
        Assert.DoesNotContain(lines, l => l.Contains("body of transcribed", StringComparison.Ordinal));
        var forDomain = await _client.GetFromJsonAsync<JsonElement>("/api/v1/domains/xyz.com/transcripts", Ct);
        Assert.Contains(forDomain.EnumerateArray(), t => t.GetProperty("messageId").GetString() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/domains/nowhere.example/transcripts", Ct)).StatusCode);
        using var anonymous = FormLogin.NewClient(_app.BaseUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/messages/{id}/transcripts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/domains/xyz.com/transcripts", Ct)).StatusCode);
    }

    [Fact]
    public async Task Hold_WithoutAnEnd_LastsThreeDays()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/domains/xyz.com/hold", new { reason = "Moving" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(Xyz.Hold!.Until, DateTime.UtcNow.AddDays(2.99), DateTime.UtcNow.AddDays(3.01));
    }

    public static TheoryData<string, double> BadHolds => new()
    {
        { "maintenance", -1 },
        { "maintenance", 31 },
        { new string('x', 1_000_000), 1 },
        { "", 1 },
    };

    [Theory]
    [MemberData(nameof(BadHolds))]
    public async Task BadHold_AnswersValidationProblem_AndChangesNothing(string reason, double days)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/domains/xyz.com/hold", new { reason, until = In(days) }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(Xyz.Hold);
        Assert.DoesNotContain(await AuditAsync(), e => e.Action == "domain.hold");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"reason\": \"x\", \"until\": \"yesterday-ish\"}")]
    [InlineData("[1,2,3]")]
    public async Task MalformedBody_Answers400_AndChangesNothing(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/api/v1/domains/xyz.com/hold", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(Xyz.Hold);
    }

    [Fact]
    public async Task HoldOfAnUnknownDomain_Answers404()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/domains/nowhere.example/hold", new { reason = "x" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CustomerCookie_CannotHoldAnotherDomain_OrItsOwn()
    {
        using var customer = FormLogin.NewClient(_app.BaseUrl);
        await FormLogin.CustomerAsync(customer, "abc", "abcadmin", "abc-password");

        var other = await customer.PostAsJsonAsync("/api/v1/domains/xyz.com/hold", new { reason = "stranger" }, Ct);
        var own = await customer.PostAsJsonAsync("/api/v1/domains/abc.org/hold", new { reason = "not through the API" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, own.StatusCode);
        Assert.Null(Xyz.Hold);
        Assert.Null(_app.Services.GetRequiredService<IDomainDirectory>().FindByName("abc.org")!.Hold);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("31.00:00:00")]
    public async Task RetentionOutsideOneTo30Days_AnswersValidationProblem(string maxLifetime)
    {
        var response = await _client.PutAsJsonAsync("/api/v1/domains/xyz.com", new { username = "xyzadmin", maxLifetime }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("maxLifetime", out _));
        Assert.Null(Xyz.MaxLifetime);
    }

    [Fact]
    public async Task Retention_IsStored_AndShown()
    {
        var response = await _client.PutAsJsonAsync("/api/v1/domains/xyz.com", new { username = "xyzadmin", maxLifetime = "10.00:00:00" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("10.00:00:00", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("maxLifetime").GetString());
        Assert.Equal(TimeSpan.FromDays(10), Xyz.MaxLifetime);
    }
}
