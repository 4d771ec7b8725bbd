using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using DynamicMail.Smtp.Odmr;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Odmr;

/// <summary>Issue #16: an ODMR client killed mid-transfer loses nothing; the next session delivers the rest.</summary>
public sealed class OdmrInterruptedTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private WebAppHost _web = null!;

    public ValueTask InitializeAsync()
    {
        _web = new WebAppHost(_dir.Path, deliveryPort: _sink.Port);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _web.Dispose();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task ClientDiesDuringTheSecondMessage_TheFirstIsDone_TheRestGoToTheNextSession()
    {
        await using (var smtp = await SmtpDialogue.ConnectAsync(_web.Smtp))
        {
            await smtp.SendAsync("EHLO sender.example");
            for (var i = 0; i < 4; i++)
            {
                Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", [$"u{i}@xyz.com"], $"Subject: m{i}\r\n\r\nhi"));
            }
        }
        var queue = _web.Services.GetRequiredService<IMailQueue>();

        var first = await TurnAndDieAsync();

        Assert.Equal(1, first);
        await Wait.Until(() => queue.Summarize("xyz.com").Messages == 3, "the accepted message left the queue, the others stayed");
        _web.Services.GetRequiredService<PresenceRegistry>().Register("tab-1", "xyz.com", System.Net.IPAddress.Loopback);
        await _sink.WaitForRecipientsAsync(2, TimeSpan.FromSeconds(15));
        await Wait.Until(() => queue.Summarize("xyz.com").Messages == 1, "the two others were delivered and recorded");
        // The message cut off mid-DATA counts as one attempt (it backs off); it is still queued, and goes on retry.
        var interrupted = Assert.Single(queue.ListDomain("xyz.com", 0, 10));
        Assert.Equal(1, interrupted.Recipients.Single().Attempts);
        var retried = await _web.Services.GetRequiredService<IQueueAdmin>().RetryNowAsync(interrupted.Id, "test");
        Assert.True(retried.Done, retried.Message);
        await _sink.WaitForRecipientsAsync(3, TimeSpan.FromSeconds(15));
        await Wait.Until(() => queue.Summarize("xyz.com").Messages == 0, "the rest was delivered by the browser session");
        Assert.Equal(4, _sink.DeliveredRecipients.Count() + first);
    }

    /// <summary>Logs in, turns, accepts one message as the customer's server would, then drops mid-DATA of the next.</summary>
    private async Task<int> TurnAndDieAsync()
    {
        var odmr = await _web.Services.GetRequiredService<OdmrListener>().Bound;
        using var client = new TcpClient();
        await client.ConnectAsync(odmr);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        async Task<string> Say(string line)
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(line + "\r\n"));
            string reply;
            do { reply = (await reader.ReadLineAsync())!; } while (reply.Length > 3 && reply[3] == '-');
            return reply;
        }
        await reader.ReadLineAsync();
        await Say("EHLO client.example");
        var challenge = Encoding.ASCII.GetString(Convert.FromBase64String((await Say("AUTH CRAM-MD5"))[4..]));
#pragma warning disable CA5351 // CRAM-MD5 is MD5 by definition
        var digest = Convert.ToHexStringLower(HMACMD5.HashData("xyz-password"u8, Encoding.ASCII.GetBytes(challenge)));
#pragma warning restore CA5351
        Assert.StartsWith("235", await Say(Convert.ToBase64String(Encoding.ASCII.GetBytes("xyzadmin " + digest))));
        Assert.StartsWith("250", await Say("ATRN"));
        var accepted = 0;
        var command = await Say("220 customer.example ESMTP");
        while (command is not null)
        {
            if (command.StartsWith("DATA", StringComparison.OrdinalIgnoreCase))
            {
                if (accepted == 1)
                {
                    await stream.WriteAsync("354 go on\r\n"u8.ToArray());
                    await reader.ReadLineAsync();
                    client.Client.Close(0); // killed mid-DATA
                    return accepted;
                }
                await stream.WriteAsync("354 go on\r\n"u8.ToArray());
                while (await reader.ReadLineAsync() is { } line && line != ".") { }
                accepted++;
                command = await Say("250 2.0.0 accepted");
                continue;
            }
            command = await Say(command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase) ? "250 customer.example" : "250 ok");
        }
        return accepted;
    }
}
