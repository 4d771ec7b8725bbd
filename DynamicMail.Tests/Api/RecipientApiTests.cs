using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Api;

/// <summary>
/// <c>GET/PUT /api/v1/domains/{name}/recipients</c> on the real host, and what strangers may send it. The class shares
/// one host: each test first sets the list it expects to find unchanged.
/// </summary>
public sealed class RecipientApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly WebAppHost _app = host.App;
    private readonly HttpClient _client = host.Client;

    private static readonly string[] Typed = ["Sales@XYZ.com", "info", "*@xyz.com", "info@xyz.com"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string[]> ListAsync(string domain = "xyz.com") =>
        (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/domains/{domain}/recipients", Ct))
            .GetProperty("recipients").EnumerateArray().Select(e => e.GetString()!).ToArray();

    private Task<HttpResponseMessage> PutRawAsync(string json, string domain = "xyz.com") =>
        _client.PutAsync($"/api/v1/domains/{domain}/recipients", new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    private async Task ClearAsync() => Assert.Equal(HttpStatusCode.OK, (await PutRawAsync("{\"recipients\":[]}")).StatusCode);

    [Fact]
    public async Task Put_ThenGet_ReturnsTheNormalizedList_AndAnEmptyListRemovesIt()
    {
        await ClearAsync();
        Assert.Empty(await ListAsync());

        var put = await _client.PutAsJsonAsync("/api/v1/domains/XYZ.com/recipients", new { recipients = Typed }, Ct);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["*@xyz.com", "info@xyz.com", "sales@xyz.com"], await ListAsync());
        Assert.Empty(await ListAsync("abc.org"));
        Assert.Equal(HttpStatusCode.OK, (await PutRawAsync("{\"recipients\":[]}")).StatusCode);
        Assert.Empty(await ListAsync());
    }

    [Theory]
    [InlineData("{\"recipients\":[\"bob@abc.org\"]}")]
    [InlineData("{\"recipients\":[\"a b@xyz.com\"]}")]
    [InlineData("{\"recipients\":[\"bob%evil@xyz.com\"]}")]
    [InlineData("{\"recipients\":[null]}")]
    [InlineData("{\"recipients\":\"bob@xyz.com\"}")]
    [InlineData("{\"recipients\":[1,2]}")]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("{\"recipients\":[\"ok@xyz.com\"")]
    public async Task Put_Malformed_Answers400_AndChangesNothing(string json)
    {
        Assert.Equal(HttpStatusCode.OK, (await PutRawAsync("{\"recipients\":[\"kept@xyz.com\"]}")).StatusCode);

        var response = await PutRawAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["kept@xyz.com"], await ListAsync());
    }

    [Fact]
    public async Task Put_TooManyEntries_Answers400_AndAHugeBodyIsCutOff()
    {
        await ClearAsync();
        var many = Enumerable.Range(0, 10_001).Select(i => $"u{i}@xyz.com").ToArray();
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PutAsJsonAsync("/api/v1/domains/xyz.com/recipients", new { recipients = many }, Ct)).StatusCode);

        var huge = "{\"recipients\":[\"" + new string('a', 5 * 1024 * 1024) + "@xyz.com\"]}";
        try
        {
            var response = await PutRawAsync(huge);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, response.StatusCode.ToString());
        }
        catch (HttpRequestException)
        {
            // The server answered and closed the connection while the client was still sending: also a refusal.
        }
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task UnknownDomain_Answers404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/domains/evil.example/recipients", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PutRawAsync("{\"recipients\":[]}", "evil.example")).StatusCode);
    }

    [Fact]
    public async Task CustomerCookie_CannotUseTheApi_ForItsOwnOrAnotherDomain()
    {
        await ClearAsync();
        using var customer = FormLogin.NewClient(_app.BaseUrl);
        await FormLogin.CustomerAsync(customer, "xyz", "xyzadmin", "xyz-password");

        var own = await customer.PutAsync("/api/v1/domains/xyz.com/recipients", new StringContent("{\"recipients\":[\"a@xyz.com\"]}", Encoding.UTF8, "application/json"), Ct);
        var other = await customer.GetAsync("/api/v1/domains/abc.org/recipients", Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (own.StatusCode, other.StatusCode));
        Assert.Empty(await ListAsync());
    }
}
