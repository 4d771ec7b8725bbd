using System.Net;
using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Domains;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Alerts;

/// <summary>
/// The webhook URL is a door a customer's operator fills in: without <c>AllowPrivateWebhooks</c> it may not make the
/// service call anything inside its own network, nor anything but http(s).
/// </summary>
public sealed class WebhookUrlAttackTests : EngineTest
{
    private async Task<DomainResult> SetAsync(string? url)
    {
        var input = DomainInput.From(Engine.Domains.FindByName("xyz.com")!);
        input.WebhookUrl = url;
        return await Engine.Services.GetRequiredService<IDomainAdmin>().UpdateAsync("xyz.com", input, "tester");
    }

    [Theory]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("gopher://hooks.example.com:25/_HELO")]
    [InlineData("hooks.example.com/x")]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::ffff:10.0.0.1]/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://localhost:5180/api/v1/domains")]
    [InlineData("http://metadata/")]
    [InlineData("https://db.internal/")]
    [InlineData("https://user:secret@hooks.example.com/")]
    public async Task RefusedUrl_GetsAClearError_AndChangesNothing(string url)
    {
        var result = await SetAsync(url);

        Assert.False(result.Ok);
        Assert.True(result.Errors.ContainsKey(nameof(DomainInput.WebhookUrl)), result.Message);
        Assert.Null(Engine.Domains.FindByName("xyz.com")!.WebhookUrl);
        Assert.Null(Engine.Domains.FindByName("xyz.com")!.WebhookSecret);
    }

    [Fact]
    public async Task HugeUrl_IsRefused()
    {
        var result = await SetAsync("https://hooks.example.com/" + new string('a', 100_000));
        Assert.Contains("at most 2000", result.Errors[nameof(DomainInput.WebhookUrl)][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicHttpsUrl_IsKept_WithAGeneratedSecret_AndEmptyRemovesIt()
    {
        Assert.True((await SetAsync(" https://hooks.example.com/dm?x=1 ")).Ok);
        Assert.Equal("https://hooks.example.com/dm?x=1", Engine.Domains.FindByName("xyz.com")!.WebhookUrl);
        Assert.NotNull(Engine.Domains.FindByName("xyz.com")!.WebhookSecret);
        Assert.True((await SetAsync("")).Ok);
        Assert.Null(Engine.Domains.FindByName("xyz.com")!.WebhookUrl);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Connection_ToAnInternalAddress_IsRefusedAtConnectTime_EvenWhenANameResolvesThere(string host)
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        await Assert.ThrowsAsync<HttpRequestException>(async () =>
            await WebhookConnector.ConnectAsync(new DnsEndPoint(host, port), allowPrivate: false, TestContext.Current.CancellationToken));
        Assert.False(listener.Pending());
    }
}
