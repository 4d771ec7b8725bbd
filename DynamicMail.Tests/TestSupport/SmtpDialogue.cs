using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DynamicMail.Tests.TestSupport;

/// <summary>A raw SMTP client that shows replies exactly as sent, for protocol-level assertions.</summary>
public sealed class SmtpDialogue : IAsyncDisposable
{
    private readonly TcpClient _client;
    private Stream _stream;
    private StreamReader _reader;

    private SmtpDialogue(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, Encoding.Latin1);
    }

    public string Greeting { get; private set; } = "";

    /// <summary>The server's certificate once <see cref="StartTlsAsync"/> has run.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? ServerCertificate { get; private set; }

    public System.Net.Security.SslStream? Tls => _stream as System.Net.Security.SslStream;

    /// <summary>After a 220 to STARTTLS: the TLS handshake (any certificate accepted, as opportunistic senders do).</summary>
    public async Task StartTlsAsync(System.Security.Authentication.SslProtocols protocols = System.Security.Authentication.SslProtocols.None)
    {
        var tls = new System.Net.Security.SslStream(_client.GetStream(), leaveInnerStreamOpen: true);
#pragma warning disable CA5359 // opportunistic STARTTLS between MTAs accepts self-signed certificates
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = "mx.test",
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        });
#pragma warning restore CA5359
        ServerCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
        _stream = tls;
        _reader = new StreamReader(tls, Encoding.Latin1);
    }

    public static async Task<SmtpDialogue> ConnectAsync(IPEndPoint endpoint)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(endpoint);
        var dialogue = new SmtpDialogue(client);
        dialogue.Greeting = await dialogue.ReadReplyAsync();
        return dialogue;
    }

    /// <summary>Sends one line and returns the whole (possibly multi-line) reply.</summary>
    public async Task<string> SendAsync(string line)
    {
        await WriteAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    public async Task WriteAsync(string text)
    {
        await _stream.WriteAsync(Encoding.Latin1.GetBytes(text));
        await _stream.FlushAsync();
    }

    public async Task WriteAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Reads one reply; multi-line replies are joined with "\n".</summary>
    public async Task<string> ReadReplyAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        var lines = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token) ?? throw new IOException("Connection closed; got: " + string.Join("\n", lines));
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return string.Join("\n", lines);
            }
        }
    }

    /// <summary>Runs MAIL/RCPT/DATA and returns the final reply to the message.</summary>
    public async Task<string> SendMessageAsync(string from, IEnumerable<string> to, string content)
    {
        Assert.StartsWith("250", await SendAsync($"MAIL FROM:<{from}>"));
        foreach (var rcpt in to)
        {
            Assert.StartsWith("250", await SendAsync($"RCPT TO:<{rcpt}>"));
        }
        Assert.StartsWith("354", await SendAsync("DATA"));
        await WriteAsync(content.Replace("\r\n", "\n").Replace("\n", "\r\n") + "\r\n.\r\n");
        return await ReadReplyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _client.Dispose();
    }
}
