using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DynamicMail.Bench;

/// <summary>
/// The customer's mail server for the presence scenario: a minimal SMTP sink that timestamps every new
/// transaction (MAIL FROM) and every first byte of message data, and takes <c>delay</c> to accept each message
/// so a queue lasts through many page open/close cycles.
/// </summary>
internal sealed class TimestampSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, Settings.SinkPort);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _delay;
    private readonly Lock _gate = new();
    private readonly List<long> _mailFrom = [];
    private readonly List<long> _firstData = [];
    private readonly Task _accept;

    public TimestampSink(TimeSpan delay)
    {
        _delay = delay;
        _listener.Start(512);
        _accept = Task.Run(AcceptAsync);
    }

    /// <summary>Timestamps (Stopwatch ticks) of MAIL FROM commands after <paramref name="since"/>.</summary>
    public long[] TransactionsSince(long since)
    {
        lock (_gate) { return _mailFrom.Where(t => t >= since).ToArray(); }
    }

    public long[] FirstDataSince(long since)
    {
        lock (_gate) { return _firstData.Where(t => t >= since).ToArray(); }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => ServeAsync(client));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.Latin1);
        async Task Reply(string s) => await stream.WriteAsync(Encoding.ASCII.GetBytes(s + "\r\n"), _stop.Token);
        try
        {
            await Reply("220 sink.bench ESMTP");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO": await Reply("250-sink.bench\r\n250 8BITMIME"); break;
                    case "MAIL": Stamp(_mailFrom); await Reply("250 2.1.0 Ok"); break;
                    case "RCPT": await Reply("250 2.1.5 Ok"); break;
                    case "DATA": await Reply("354 go ahead"); await ReadDataAsync(reader); await Task.Delay(_delay, _stop.Token); await Reply("250 2.0.0 Ok"); break;
                    case "QUIT": await Reply("221 2.0.0 Bye"); return;
                    default: await Reply("250 Ok"); break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ReadDataAsync(StreamReader reader)
    {
        var first = true;
        while (await reader.ReadLineAsync(_stop.Token) is { } line && line != ".")
        {
            if (first) { Stamp(_firstData); first = false; }
        }
    }

    private void Stamp(List<long> list)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate) { list.Add(now); }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accept; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
