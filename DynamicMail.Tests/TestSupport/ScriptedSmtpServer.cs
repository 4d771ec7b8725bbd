using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// A real SMTP server on loopback port 0 playing the customer's mail server, with scriptable replies
/// (greeting, MAIL, per-recipient RCPT, DATA) and optional STARTTLS with a self-signed certificate.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public ScriptedSmtpServer()
    {
        _listener.Start();
        _accept = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<ReceivedMessage> Messages { get; } = new();
    private int _connections;
    public int Connections => Volatile.Read(ref _connections);
    public string Greeting { get; set; } = "220 sink.test ESMTP";
    public string EhloName { get; set; } = "sink.test";
    public string MailReply { get; set; } = "250 2.1.0 ok";
    public Func<string, string> RcptReply { get; set; } = _ => "250 2.1.5 ok";
    public string DataReply { get; set; } = "250 2.0.0 accepted";
    public X509Certificate2? Certificate { get; set; }

    /// <summary>How many times to hang up right after the DATA command, without a 354.</summary>
    public int HangUpsAfterDataCommand { get => _hangUpsAfterData; set => _hangUpsAfterData = value; }
    internal int _hangUpsAfterData;

    /// <summary>How many times to read a whole message and hang up without a reply to the final dot.</summary>
    public int HangUpsAfterDot { get => _hangUpsAfterDot; set => _hangUpsAfterDot = value; }
    internal int _hangUpsAfterDot;

    /// <summary>Messages read and then dropped by a hang-up after the final dot.</summary>
    public int Unacknowledged => Volatile.Read(ref _unacknowledged);
    internal int _unacknowledged;

    /// <summary>How long to think before replying to the final dot (a slow customer server).</summary>
    public TimeSpan DataDelay { get; set; }

    /// <summary>Reply to MAIL FROM by sender (e.g. 552 for one too-large message); <see cref="MailReply"/> when null.</summary>
    public Func<string, string>? MailReplyFor { get; set; }

    /// <summary>Senders whose MAIL FROM gets two replies: every later reply of the session is out of step.</summary>
    public Func<string, bool>? OutOfStepFor { get; set; }

    /// <summary>Reply to the DATA command by sender instead of 354 (e.g. 451, 554); null for 354.</summary>
    public Func<string, string?>? DataCommandReplyFor { get; set; }

    /// <summary>Asked after the 354: true reads part of the message and hangs up in the middle of DATA.</summary>
    public Func<bool>? HangUpMidData { get; set; }

    /// <summary>Reply to the final dot by content instead of <see cref="DataReply"/>.</summary>
    public Func<string, string>? DataReplyFor { get; set; }

    /// <summary>
    /// Runs after a message's final dot with its content and the connection; true goes on with <see cref="DataReply"/>,
    /// false ends the session without recording the message (the hook wrote its own reply, or none).
    /// </summary>
    public Func<string, Stream, CancellationToken, Task<bool>>? AfterDot { get; set; }

    /// <summary>Replaces the greeting (a silent or flooding DSN host); the session ends when it returns.</summary>
    public Func<Stream, CancellationToken, Task>? GreetingHook { get; set; }

    /// <summary>Bytes written by <see cref="FloodAsync"/> and <see cref="TrickleAsync"/> until the client hung up.</summary>
    public long FloodBytesSent => Interlocked.Read(ref _floodBytes);
    private long _floodBytes;
    private static readonly byte[] Filler = Enumerable.Repeat((byte)'x', 64 * 1024).ToArray();

    /// <summary>A reply line of <paramref name="bytes"/> (long.MaxValue: without end) written as fast as the client reads.</summary>
    public async Task<bool> FloodAsync(Stream stream, long bytes, CancellationToken ct)
    {
        try
        {
            await stream.WriteAsync("250 "u8.ToArray(), ct);
            for (var left = bytes; left > 0; left -= Filler.Length)
            {
                var chunk = (int)Math.Min(left, Filler.Length);
                await stream.WriteAsync(Filler.AsMemory(0, chunk), ct);
                Interlocked.Add(ref _floodBytes, chunk);
            }
            await stream.WriteAsync("\r\n"u8.ToArray(), ct);
            await stream.FlushAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A reply that never ends, one byte per <paramref name="interval"/>: a server that answers slowly for ever.</summary>
    public async Task<bool> TrickleAsync(Stream stream, TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await stream.WriteAsync("250-"u8.ToArray(), ct);
            while (true)
            {
                await stream.WriteAsync(Filler.AsMemory(0, 1), ct);
                await stream.FlushAsync(ct);
                Interlocked.Increment(ref _floodBytes);
                await Task.Delay(interval, ct);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The content of every message received, for counting duplicates by queue id.</summary>
    public int CountContaining(string text) => Messages.Count(m => m.Content.Contains(text, StringComparison.Ordinal));

    public IEnumerable<string> DeliveredRecipients => Messages.SelectMany(m => m.Recipients);

    public static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=sink.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    /// <summary>Waits until <paramref name="count"/> recipients have been delivered.</summary>
    public async Task WaitForRecipientsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DeliveredRecipients.Count() < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Sink has {DeliveredRecipients.Count()} of {count} recipients.");
            }
            await Task.Delay(25);
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); client.NoDelay = true; }
            catch (Exception) { return; }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => SessionAsync(client));
        }
    }

    private async Task SessionAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        try
        {
            if (GreetingHook is { } hook)
            {
                await hook(stream, _stop.Token);
                return;
            }
            var session = new ScriptedSmtpSession(this, stream);
            await session.RunAsync(_stop.Token);
        }
        catch (Exception) when (_stop.IsCancellationRequested || true)
        {
            // A dropped connection ends the session.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
    }

    public sealed record ReceivedMessage(string Sender, IReadOnlyList<string> Recipients, string Content);
}
