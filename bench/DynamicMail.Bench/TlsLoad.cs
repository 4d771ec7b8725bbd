using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace DynamicMail.Bench;

/// <summary>
/// smtp-source has no STARTTLS: this does what it does (one message per connection, N sessions in parallel) with
/// STARTTLS before MAIL, the way an opportunistic sender does it (any certificate accepted).
/// </summary>
internal static class TlsLoad
{
    public static async Task<double> SendAsync(int port, int sessions, int messages, int body)
    {
        var content = Encoding.ASCII.GetBytes(Body(body));
        var next = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= messages)
            {
                await OneAsync(port, content);
            }
        }));
        return messages / sw.Elapsed.TotalSeconds;
    }

    private static string Body(int size)
    {
        var text = new StringBuilder($"From: sender@example.org\r\nTo: user@{DynamicMailService.Domain}\r\nSubject: tls load\r\n\r\n");
        while (text.Length < size) { text.Append(new string('x', 76)).Append("\r\n"); }
        return text.Append(".\r\n").ToString();
    }

    private static async Task OneAsync(int port, byte[] content)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var plain = new Conversation(client.GetStream());
        await plain.ExpectAsync("220");
        await plain.SayAsync("EHLO client.example.org", "250");
        await plain.SayAsync("STARTTLS", "220");
        await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: true);
#pragma warning disable CA5359 // opportunistic TLS: any certificate, as MTAs do
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "mx", RemoteCertificateValidationCallback = (_, _, _, _) => true });
#pragma warning restore CA5359
        var secure = new Conversation(tls);
        await secure.SayAsync("EHLO client.example.org", "250");
        await secure.SayAsync("MAIL FROM:<sender@example.org>", "250");
        await secure.SayAsync($"RCPT TO:<user@{DynamicMailService.Domain}>", "250");
        await secure.SayAsync("DATA", "354");
        await tls.WriteAsync(content);
        await secure.ExpectAsync("250");
        await secure.SayAsync("QUIT", "221");
    }

    private sealed class Conversation(Stream stream)
    {
        private readonly StreamReader _reader = new(stream, Encoding.ASCII, false, 1024, leaveOpen: true);

        public async Task SayAsync(string command, string expected)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
            await ExpectAsync(expected);
        }

        public async Task ExpectAsync(string code)
        {
            string line;
            do { line = await _reader.ReadLineAsync() ?? throw new IOException("closed"); } while (line.Length > 3 && line[3] == '-');
            if (!line.StartsWith(code, StringComparison.Ordinal)) { throw new InvalidOperationException($"expected {code}, got {line}"); }
        }
    }
}
