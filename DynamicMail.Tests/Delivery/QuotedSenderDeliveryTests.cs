using System.Net;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Delivery;

/// <summary>Issue #11 (1): a quoted local part (valid RFC 5321) once stopped its domain's delivery for five days.</summary>
public sealed class QuotedSenderDeliveryTests : DeliveringEngineTest
{
    [Fact]
    public async Task QuotedSender_IsDelivered_WithTheOtherMailOfTheDomain_InOneSession()
    {
        await using (var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp))
        {
            await smtp.SendAsync("EHLO sender.example");
            Assert.StartsWith("250", await smtp.SendMessageAsync("\"john smith\"@x.example", ["bob@xyz.com"], "Subject: quoted\r\n\r\nhi"));
            Assert.StartsWith("250", await smtp.SendMessageAsync("\"a\\\\b\\\"c\"@x.example", ["bob@xyz.com"], "Subject: escaped\r\n\r\nhi"));
            for (var i = 0; i < 3; i++)
            {
                Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", [$"u{i}@xyz.com"], $"Subject: plain {i}\r\n\r\nhi"));
            }
        }

        Engine.Services.GetRequiredService<PresenceRegistry>().Register("tab-1", "xyz.com", IPAddress.Loopback);

        await Sink.WaitForRecipientsAsync(5, TimeSpan.FromSeconds(15));
        Assert.Contains(Sink.Messages, m => m.Sender == "\"john smith\"@x.example");
        Assert.Contains(Sink.Messages, m => m.Sender == "\"a\\\\b\\\"c\"@x.example");
        await Wait.Until(() => Engine.Queue.Summarize("xyz.com").Messages == 0, "the queue is empty");
    }
}
