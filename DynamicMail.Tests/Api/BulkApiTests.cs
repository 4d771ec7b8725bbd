using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Api;

/// <summary>
/// <c>POST/GET /api/v1/queue/bulk</c> on the real host: 202 with id and count, progress to the end; and every bad
/// body refused with a problem that names it, changing nothing.
/// </summary>
public sealed class BulkApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly WebAppHost _app = host.App;
    private readonly HttpClient _client = host.Client;

    /// <summary>Bulk audit entries so far: the class shares one host, so "started nothing" means "no new one".</summary>
    private int BulkAudits() =>
        _app.Services.GetRequiredService<IAuditLog>().Recent(1000).Count(e => e.Action.StartsWith("queue.bulk", StringComparison.Ordinal));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync("/api/v1/queue/bulk", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    [Fact]
    public async Task Post_Answers202WithIdAndCount_AndGetReportsTheResult()
    {
        await Mail.SendAsync(_app.Smtp, "spam@spam.example", "bob@xyz.com", "one");
        await Mail.SendAsync(_app.Smtp, "spam@spam.example", "bob@xyz.com", "two");
        var kept = await Mail.SendAsync(_app.Smtp, "alice@good.example", "bob@xyz.com", "three");

        var response = await PostAsync("""{"filter": {"sender": "spam.example", "olderThan": "00:00:00"}, "action": "delete"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, started.GetProperty("matched").GetInt32());
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/queue/bulk/{id}", response.Headers.Location?.OriginalString);
        JsonElement job = default;
        await Wait.Until(() =>
        {
            job = _client.GetFromJsonAsync<JsonElement>($"/api/v1/queue/bulk/{id}", Ct).GetAwaiter().GetResult();
            return job.GetProperty("state").GetString() == "completed";
        }, "the bulk delete completed");
        Assert.Equal((2, 0, "delete"), (job.GetProperty("done").GetInt32(), job.GetProperty("skipped").GetInt32(), job.GetProperty("action").GetString()));
        Assert.Equal("from:spam.example before:0m", job.GetProperty("filter").GetString());
        Assert.NotNull(_app.Services.GetRequiredService<DynamicMail.Smtp.Queue.IMailQueue>().Find(kept));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"filter": {"sender": "x"}}""", "Required: hold")]
    [InlineData("""{"action": "delete"}""", "at least one of")]
    [InlineData("""{"filter": {}, "action": "delete"}""", "at least one of")]
    [InlineData("""{"filter": {"sender": "x"}, "action": "explode"}""", "Unknown action")]
    [InlineData("""{"filter": {"sender": "x"}, "action": "1"}""", "Unknown action")]
    [InlineData("""{"filter": {"sender": "x"}, "action": 4}""", "Unknown action")]
    [InlineData("""{"filter": {"sender": "x"}, "action": "delete", "everything": true}""", "Unknown field")]
    [InlineData("""{"filter": {"sender": "x", "$where": "1"}, "action": "delete"}""", "Unknown field")]
    [InlineData("""{"filter": {"sender": 5}, "action": "delete"}""", "non-empty string")]
    [InlineData("""{"filter": {"sender": ""}, "action": "delete"}""", "non-empty string")]
    [InlineData("""{"filter": {"sender": "a\" to:\"b"}, "action": "delete"}""", "without double quotes")]
    [InlineData("""{"filter": {"state": "gone"}, "action": "hold"}""", "Unknown state")]
    [InlineData("""{"filter": {"olderThan": "forever"}, "action": "hold"}""", "before: takes")]
    [InlineData("""{"filter": "from:x", "action": "hold"}""", "Must be an object")]
    [InlineData("""{"filter": {"sender": {"sender": {"sender": {"sender": {"sender": {"sender": {"sender": {"sender": "x"}}}}}}}}, "action": "hold"}""", "not valid JSON")]
    public async Task BadBody_Answers400Problem_AndStartsNothing(string body, string error)
    {
        var id = await Mail.SendAsync(_app.Smtp, "x@bad.example", "bob@xyz.com", "stays");
        var audits = BulkAudits();

        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.NotNull(_app.Services.GetRequiredService<DynamicMail.Smtp.Queue.IMailQueue>().Find(id));
        Assert.Equal(audits, BulkAudits());
    }

    [Fact]
    public async Task HugeValuesAndBodies_AreRefused()
    {
        var audits = BulkAudits();
        var longValue = await PostAsync($$"""{"filter": {"subject": "{{new string('a', 300)}}"}, "action": "hold"}""");
        Assert.Equal(HttpStatusCode.BadRequest, longValue.StatusCode);
        Assert.Contains("At most 256 characters", await longValue.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var huge = await PostAsync($$"""{"filter": {"subject": "{{new string('a', 100_000)}}"}, "action": "hold"}""");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$$"""{"filter": {"subject": "{{{new string('b', 50_000)}}}"}}""")));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/queue/bulk") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        // Kestrel stops reading at the limit: the answer is 413, or the connection ends before the client finished sending.
        try
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _client.SendAsync(request, Ct)).StatusCode);
        }
        catch (HttpRequestException)
        {
        }
        Assert.Equal(audits, BulkAudits());
    }

    [Fact]
    public async Task Post_WhenTheFilterMatchesMoreThanTheCap_Answers422WithTheCount_AndStartsNothing()
    {
        using var dir = new TempDirectory();
        await using var app = new WebAppHost(dir.Path, deliveryPort: 2525,
            new Dictionary<string, string?> { ["DynamicMail:Queue:MaxBulkMatched"] = "2" });
        using var client = FormLogin.NewClient(app.BaseUrl);
        var (_, key) = await app.Services.GetRequiredService<IApiKeys>().CreateAsync("tests", EngineHost.OperatorName);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Mail.SendAsync(app.Smtp, "bulk@many.example", "bob@xyz.com", $"many {i}"));
        }

        var response = await client.PostAsync("/api/v1/queue/bulk",
            new StringContent("""{"filter": {"sender": "many.example"}, "action": "delete"}""", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Too many messages match", problem.GetProperty("title").GetString());
        Assert.StartsWith("The filter matches 3 messages; a bulk action takes at most 2 messages.", problem.GetProperty("detail").GetString(),
            StringComparison.Ordinal);
        var queue = app.Services.GetRequiredService<DynamicMail.Smtp.Queue.IMailQueue>();
        Assert.All(ids, id => Assert.NotNull(queue.Find(id)));
        Assert.DoesNotContain(app.Services.GetRequiredService<IAuditLog>().Recent(100),
            e => e.Action.StartsWith("queue.bulk", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/queue/bulk",
            new StringContent("""{"filter": {"subject": "many 1"}, "action": "hold"}""", Encoding.UTF8, "application/json"), Ct)).StatusCode);
    }

    [Theory]
    [InlineData("nonexistent")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("..%2F..%2Fdomains")]
    public async Task GetUnknownId_Answers404(string id)
    {
        var response = await _client.GetAsync($"/api/v1/queue/bulk/{id}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("dm_000000000000_not-a-key")]
    public async Task WithoutAValidKey_Answers401_AndStartsNothing(string? key)
    {
        var audits = BulkAudits();
        using var client = FormLogin.NewClient(_app.BaseUrl);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var response = await client.PostAsync("/api/v1/queue/bulk",
            new StringContent("""{"filter": {"domain": "xyz.com"}, "action": "delete"}""", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/queue/bulk/x", Ct)).StatusCode);
        Assert.Equal(audits, BulkAudits());
    }
}
