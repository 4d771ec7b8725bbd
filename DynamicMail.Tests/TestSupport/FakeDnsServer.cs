using System.Net;
using System.Net.Sockets;

namespace DynamicMail.Tests.TestSupport;

/// <summary>A tiny authoritative DNS server on loopback UDP port 0 that answers MX queries from a table.</summary>
public sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeDnsServer() => _loop = Task.Run(LoopAsync);

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>MX records by domain; a domain that is absent does not exist (NXDOMAIN).</summary>
    public Dictionary<string, (ushort Preference, string Exchange)[]> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try { request = await _udp.ReceiveAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            var reply = Answer(request.Buffer);
            await _udp.SendAsync(reply, request.RemoteEndPoint, _stop.Token);
        }
    }

    private byte[] Answer(byte[] query)
    {
        var (name, end) = ReadName(query, 12);
        var question = query[12..(end + 4)];
        var known = Mx.TryGetValue(name, out var records);
        var answers = new List<byte>();
        foreach (var (preference, exchange) in records ?? [])
        {
            var rdata = new List<byte> { (byte)(preference >> 8), (byte)preference };
            rdata.AddRange(Name(exchange));
            answers.AddRange(Name(name));
            answers.AddRange(new byte[] { 0, 15, 0, 1, 0, 0, 1, 0, (byte)(rdata.Count >> 8), (byte)rdata.Count });
            answers.AddRange(rdata);
        }
        var count = records?.Length ?? 0;
        var header = new byte[] { query[0], query[1], 0x84, (byte)(known ? 0 : 3), 0, 1, (byte)(count >> 8), (byte)count, 0, 0, 0, 0 };
        return [.. header, .. question, .. answers];
    }

    private static (string Name, int End) ReadName(byte[] data, int offset)
    {
        var labels = new List<string>();
        while (data[offset] != 0)
        {
            labels.Add(System.Text.Encoding.ASCII.GetString(data, offset + 1, data[offset]));
            offset += data[offset] + 1;
        }
        return (string.Join('.', labels), offset + 1);
    }

    private static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(label));
        }
        bytes.Add(0);
        return [.. bytes];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _udp.Dispose();
        _stop.Dispose();
    }
}
