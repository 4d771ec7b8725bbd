using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// A tiny authoritative DNS server on loopback UDP port 0 that answers MX, TXT and A queries from tables. A name in no
/// table does not exist (NXDOMAIN); a name in <see cref="Failing"/> gets SERVFAIL (a temporary DNS error).
/// </summary>
public sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _queries;

    public FakeDnsServer() => _loop = Task.Run(LoopAsync);

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>MX records by domain; a domain that is absent does not exist (NXDOMAIN).</summary>
    public Dictionary<string, (ushort Preference, string Exchange)[]> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>TXT records by name, each one value (split into 255-byte strings on the wire).</summary>
    public Dictionary<string, string[]> Txt { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A records by name.</summary>
    public Dictionary<string, IPAddress[]> A { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Names answered with SERVFAIL.</summary>
    public HashSet<string> Failing { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Queries answered so far.</summary>
    public int Queries => Volatile.Read(ref _queries);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try { request = await _udp.ReceiveAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { continue; }
            Interlocked.Increment(ref _queries);
            byte[] reply;
            lock (Mx) { reply = Answer(request.Buffer); }
            await _udp.SendAsync(reply, request.RemoteEndPoint, _stop.Token);
        }
    }

    private byte[] Answer(byte[] query)
    {
        var (name, end) = ReadName(query, 12);
        var type = (query[end] << 8) | query[end + 1];
        var question = query[12..(end + 4)];
        var known = Mx.ContainsKey(name) || Txt.ContainsKey(name) || A.ContainsKey(name);
        var rdatas = type switch
        {
            15 => (Mx.GetValueOrDefault(name) ?? []).Select(m => (byte[])[(byte)(m.Preference >> 8), (byte)m.Preference, .. Name(m.Exchange)]),
            16 => (Txt.GetValueOrDefault(name) ?? []).Select(TxtData),
            1 => (A.GetValueOrDefault(name) ?? []).Select(a => a.GetAddressBytes()),
            _ => [],
        };
        var answers = new List<byte>();
        var count = 0;
        foreach (var rdata in rdatas)
        {
            answers.AddRange(Name(name));
            answers.AddRange(new byte[] { (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 1, 0, (byte)(rdata.Length >> 8), (byte)rdata.Length });
            answers.AddRange(rdata);
            count++;
        }
        var code = Failing.Contains(name) ? 2 : known ? 0 : 3;
        count = code == 0 ? count : 0;
        var header = new byte[] { query[0], query[1], (byte)(0x84 | (query[2] & 1)), (byte)(0x80 | code), 0, 1, (byte)(count >> 8), (byte)count, 0, 0, 0, 0 };
        return code == 0 ? [.. header, .. question, .. answers] : [.. header, .. question];
    }

    private static byte[] TxtData(string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        var data = new List<byte>();
        for (var i = 0; i < bytes.Length || i == 0; i += 255)
        {
            var length = Math.Min(255, bytes.Length - i);
            data.Add((byte)length);
            data.AddRange(bytes.AsSpan(i, length).ToArray());
        }
        return [.. data];
    }

    private static (string Name, int End) ReadName(byte[] data, int offset)
    {
        var labels = new List<string>();
        while (data[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(data, offset + 1, data[offset]));
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
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
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
