using System.Net.Security;
using System.Text;

namespace DynamicMail.Tests.TestSupport;

/// <summary>One connection to a <see cref="ScriptedSmtpServer"/>, replying as the server is scripted.</summary>
internal sealed class ScriptedSmtpSession(ScriptedSmtpServer server, Stream stream)
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
                        ? $"250-{server.EhloName}\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 STARTTLS" : $"250-{server.EhloName}\r\n250-PIPELINING\r\n250 8BITMIME");
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
                    var mailReply = server.MailReplyFor?.Invoke(sender) ?? server.MailReply;
                    await ReplyAsync(mailReply);
                    if (server.OutOfStepFor?.Invoke(sender) == true) { await ReplyAsync(mailReply); }
                    if (mailReply.StartsWith("421", StringComparison.Ordinal)) { return; }
                    break;
                case "RCPT":
                    var reply = server.RcptReply(Between(line));
                    if (reply.StartsWith('2')) { rcpts.Add(Between(line)); }
                    await ReplyAsync(reply);
                    break;
                case "DATA":
                    if (Interlocked.Decrement(ref server._hangUpsAfterData) >= 0) { return; }
                    if (server.DataCommandReplyFor?.Invoke(sender) is { } refusal)
                    {
                        await ReplyAsync(refusal);
                        break;
                    }
                    await ReplyAsync("354 go on");
                    if (server.HangUpMidData?.Invoke() == true)
                    {
                        await _reader.ReadLineAsync(ct);
                        return;
                    }
                    var content = await ReadDataAsync(ct);
                    if (Interlocked.Decrement(ref server._hangUpsAfterDot) >= 0)
                    {
                        Interlocked.Increment(ref server._unacknowledged);
                        return;
                    }
                    if (server.AfterDot is { } afterDot && !await afterDot(content, _stream, ct)) { return; }
                    if (server.DataDelay > TimeSpan.Zero) { await Task.Delay(server.DataDelay, ct); }
                    var dataReply = server.DataReplyFor?.Invoke(content) ?? server.DataReply;
                    if (dataReply.StartsWith('2')) { server.Messages.Enqueue(new ScriptedSmtpServer.ReceivedMessage(sender, rcpts.ToList(), content)); }
                    await ReplyAsync(dataReply);
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
