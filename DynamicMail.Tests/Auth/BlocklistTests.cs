using System.Net;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Auth;

/// <summary>DNS blocklists (<c>DynamicMail:Auth:Dnsbl:N</c>): a listed client is refused at MAIL FROM, naming the zone.</summary>
public sealed class BlocklistTests : SenderAuthTest
{
    protected override IDictionary<string, string?> MoreSettings => new Dictionary<string, string?>
    {
        ["DynamicMail:Auth:Dnsbl:0"] = "clean.test",
        ["DynamicMail:Auth:Dnsbl:1"] = "bl.test",
    };

    [Fact]
    public async Task ListedClient_IsRefusedAtMailFrom_NamingTheZone_AndNothingIsStored()
    {
        Dns.A["1.0.0.127.bl.test"] = [IPAddress.Parse("127.0.0.2")];
        Dns.A["1.0.0.127.clean.test"] = [IPAddress.Parse("127.255.255.254")]; // the list's own error code, not a listing

        await using var dialogue = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await dialogue.SendAsync("EHLO client.example");
        var reply = await dialogue.SendAsync("MAIL FROM:<a@sender.example>");

        Assert.StartsWith("554 5.7.1", reply);
        Assert.Contains("bl.test", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("clean.test", reply, StringComparison.Ordinal);
        Assert.Empty(Engine.Queue.ListDomain("xyz.com", 0, 10));
    }

    [Fact]
    public async Task UnlistedClient_OrAFailingList_IsAccepted()
    {
        Dns.Failing.Add("1.0.0.127.bl.test");

        var (entry, _, _) = await SendAndStoreAsync("a@sender.example", Text(NewMessage("a@sender.example", "not listed")));

        Assert.NotNull(entry.Auth);
    }
}
