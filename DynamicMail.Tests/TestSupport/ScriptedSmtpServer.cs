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
    public string MailReply { get; set; } = "250 2.1.0 ok";
    public Func<string, string> RcptReply { get; set; } = _ => "250 2.1.5 ok";
    public string DataReply { get; set; } = "250 2.0.0 accepted";
    public X509Certificate2? Certificate { get; set; }

    /// <summary>How many times to hang up right after the DATA command, without a 354.</summary>
    public int HangUpsAfterDataCommand { get => _hangUpsAfterData; set => _hangUpsAfterData = value; }
    private int _hangUpsAfterData;

    /// <summary>How many times to read a whole message and hang up without a reply to the final dot.</summary>
    public int HangUpsAfterDot { get => _hangUpsAfterDot; set => _hangUpsAfterDot = value; }
    private int _hangUpsAfterDot;

    /// <summary>Messages read and then dropped by a hang-up after the final dot.</summary>
    public int Unacknowledged => Volatile.Read(ref _unacknowledged);
    private int _unacknowledged;

    /// <summary>How long to think before replying to the final dot (a slow customer server).</summary>
    public TimeSpan DataDelay { get; set; }

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
            var session = new Session(this, stream);
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

    private sealed class Session(ScriptedSmtpServer server, Stream stream)
    {
        private StreamReader _reader = new(stream, Encoding.Latin1);
        private Stream _stream = stream;

        public async Task RunAsync(CancellationToken ct)
        {
            await ReplyAsync(server.Greeting);
            if (!server.Greeting.StartsWith("220", StringComparison.Ordinal)) { return; }
            string sender = "";
            var rcpts = new List<string>();
            while (await _reader.ReadLineAsync(ct) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await ReplyAsync(server.Certificate is not null && _stream is not SslStream
                            ? "250-sink.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 STARTTLS" : "250-sink.test\r\n250-PIPELINING\r\n250 8BITMIME");
                        break;
                    case "STARTTLS":
                        await ReplyAsync("220 2.0.0 go ahead");
                        var tls = new SslStream(_stream);
                        await tls.AuthenticateAsServerAsync(server.Certificate!);
                        _stream = tls;
                        _reader = new StreamReader(tls, Encoding.Latin1);
                        break;
                    case "MAIL":
                        sender = Between(line);
                        rcpts.Clear();
                        await ReplyAsync(server.MailReply);
                        if (server.MailReply.StartsWith("421", StringComparison.Ordinal)) { return; }
                        break;
                    case "RCPT":
                        var reply = server.RcptReply(Between(line));
                        if (reply.StartsWith('2')) { rcpts.Add(Between(line)); }
                        await ReplyAsync(reply);
                        break;
                    case "DATA":
                        if (Interlocked.Decrement(ref server._hangUpsAfterData) >= 0) { return; }
                        await ReplyAsync("354 go on");
                        var content = await ReadDataAsync(ct);
                        if (Interlocked.Decrement(ref server._hangUpsAfterDot) >= 0)
                        {
                            Interlocked.Increment(ref server._unacknowledged);
                            return;
                        }
                        if (server.DataDelay > TimeSpan.Zero) { await Task.Delay(server.DataDelay, ct); }
                        if (server.DataReply.StartsWith('2')) { server.Messages.Enqueue(new ReceivedMessage(sender, rcpts.ToList(), content)); }
                        await ReplyAsync(server.DataReply);
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 bye");
                        return;
                    default:
                        await ReplyAsync("250 2.0.0 ok");
                        break;
                }
            }
        }

        private async Task<string> ReadDataAsync(CancellationToken ct)
        {
            var text = new StringBuilder();
            while (await _reader.ReadLineAsync(ct) is { } line && line != ".")
            {
                text.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
            }
            return text.ToString();
        }

        private static string Between(string line) => line[(line.IndexOf('<') + 1)..line.IndexOf('>')];

        private async Task ReplyAsync(string reply)
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n"));
            await _stream.FlushAsync();
        }
    }
}
