using System.Text;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Ingest;

/// <summary>
/// Issue #21: receiving a 30 MB message costs about its own size in managed memory (the SMTP library's buffer),
/// not a second whole-message copy on the way to the spool. Counted in allocated bytes, not time.
/// </summary>
[Collection(nameof(MemoryCollection))]
public sealed class LargeMessageMemoryTests : EngineTest
{
    private const int BodyBytes = 30 * 1024 * 1024;

    [Fact]
    public async Task Receiving30MbMessage_AllocatesAtMostOneAndAHalfTimesItsSize_AndSpoolsItWhole()
    {
        var message = Message();
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO client.example");
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<bob@xyz.com>"));
        Assert.StartsWith("354", await smtp.SendAsync("DATA"));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        await smtp.WriteAsync(message);
        var reply = await smtp.ReadReplyAsync(TimeSpan.FromMinutes(2));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.StartsWith("250 2.0.0", reply);
        Assert.True(allocated <= 1.5 * message.Length, $"allocated {allocated:N0} bytes for a message of {message.Length:N0}");
        var queued = Engine.Queue.Find(QueueReading.QueueId(reply))!;
        Assert.NotNull(queued.SpoolFile);
        var stored = Engine.Queue.ReadContent(queued);
        var header = Encoding.ASCII.GetString(stored, 0, 200);
        Assert.StartsWith("Received: from client.example", header);
        // As before: the trace header, then what was sent up to the CRLF that belongs to the end of DATA.
        var trace = header.IndexOf("From: alice", StringComparison.Ordinal);
        Assert.True(stored.AsSpan(trace).SequenceEqual(message.AsSpan(0, message.Length - ".\r\n".Length - 2)));
    }

    /// <summary>Headers, then 30 MB of 78-character lines (the last one shorter), then the end of DATA.</summary>
    private static byte[] Message()
    {
        var head = "From: alice@sender.example\r\nTo: bob@xyz.com\r\nSubject: large\r\n\r\n"u8;
        var bytes = new byte[head.Length + BodyBytes + 3];
        head.CopyTo(bytes);
        var body = bytes.AsSpan(head.Length, BodyBytes);
        body.Fill((byte)'x');
        for (var i = 78; i < BodyBytes - 2; i += 80)
        {
            body[i] = (byte)'\r';
            body[i + 1] = (byte)'\n';
        }
        body[^2] = (byte)'\r';
        body[^1] = (byte)'\n';
        ".\r\n"u8.CopyTo(bytes.AsSpan(head.Length + BodyBytes));
        return bytes;
    }
}
