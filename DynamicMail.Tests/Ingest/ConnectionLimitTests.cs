using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Ingest;

/// <summary>Issue #11 (3): sessions are capped in total and per address, and the web stays up while port 25 is full.</summary>
public sealed class ConnectionLimitTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<TcpClient> _clients = [];

    public void Dispose()
    {
        _clients.ForEach(c => c.Dispose());
        _dir.Dispose();
    }

    private async Task<string> ConnectAsync(IPEndPoint mx, IPAddress from)
    {
        var client = new TcpClient(new IPEndPoint(from, 0));
        _clients.Add(client);
        await client.ConnectAsync(mx, TestContext.Current.CancellationToken);
        using var reader = new StreamReader(client.GetStream(), Encoding.Latin1, leaveOpen: true);
        return await reader.ReadLineAsync(TestContext.Current.CancellationToken) ?? "(closed)";
    }

    [Fact]
    public async Task OverThePerAddressLimit_Gets421_WhileAnotherAddressAndTheWebAreServed()
    {
        using var web = new WebAppHost(_dir.Path, deliveryPort: 25, new Dictionary<string, string?>
        {
            ["DynamicMail:Smtp:MaxConnectionsPerAddress"] = "20",
        });
        var greetings = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            greetings.Add(await ConnectAsync(web.Smtp, IPAddress.Loopback));
        }

        Assert.Equal(20, greetings.Count(g => g.StartsWith("220 ", StringComparison.Ordinal)));
        Assert.Equal(5, greetings.Count(g => g.StartsWith("421 4.7.0", StringComparison.Ordinal)));
        Assert.StartsWith("220 ", await ConnectAsync(web.Smtp, IPAddress.Parse("127.0.0.2")));
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var health = await http.GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task OverTheTotalLimit_Gets421_AndASlotFreedIsUsedAgain()
    {
        await using var engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Smtp:MaxConnections"] = "3",
        });
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("220 ", await ConnectAsync(engine.Smtp, IPAddress.Parse($"127.0.0.{i + 1}")));
        }

        Assert.StartsWith("421 4.7.0", await ConnectAsync(engine.Smtp, IPAddress.Parse("127.0.0.9")));
        var ingest = engine.Services.GetRequiredService<SmtpIngestService>();
        Assert.Equal(3, ingest.OpenSessions);

        _clients[0].Dispose();
        await Wait.Until(() => ingest.OpenSessions == 2, "the closed session's slot is freed");

        Assert.StartsWith("220 ", await ConnectAsync(engine.Smtp, IPAddress.Parse("127.0.0.8")));
    }
}
