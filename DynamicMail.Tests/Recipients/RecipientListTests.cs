using System.Globalization;
using System.Net;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Recipients;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Recipients;

/// <summary>Recipient lists at RCPT (issue #18): seeded from configuration, changed, kept over a restart, learned from 5.1.1.</summary>
public sealed class RecipientListTests : EngineTest
{
    private readonly ScriptedSmtpServer _sink = new();

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["DynamicMail:Domains:0:Recipients:0"] = "Sales@xyz.com",
        ["DynamicMail:Domains:0:Recipients:1"] = "info",
        ["DynamicMail:Domains:0:DeliveryPort"] = _sink.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Delivery:AllowPrivateTargets"] = "true",
    };

    private IRecipientLists Lists => Engine.Services.GetRequiredService<IRecipientLists>();

    private async Task<string> RcptAsync(string to)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        await smtp.SendAsync("MAIL FROM:<alice@sender.example>");
        return await smtp.SendAsync($"RCPT TO:<{to}>");
    }

    [Theory]
    [InlineData("sales@xyz.com", "250 2.1.5")]
    [InlineData("SALES@XYZ.COM", "250 2.1.5")]
    [InlineData("info@xyz.com", "250 2.1.5")]
    [InlineData("postmaster@xyz.com", "250 2.1.5")]
    [InlineData("PostMaster@xyz.com", "250 2.1.5")]
    [InlineData("bob@xyz.com", "550 5.1.1")]
    [InlineData("sales.x@xyz.com", "550 5.1.1")]
    [InlineData("bob@abc.org", "250 2.1.5")]
    public async Task Rcpt_WithTheSeededList_AcceptsOnlyListedAndPostmaster(string to, string expected)
    {
        Assert.StartsWith(expected, await RcptAsync(to));
    }

    [Fact]
    public async Task CatchAll_AcceptsEveryLocalPart_AndAnEmptyListAcceptsAllAgain()
    {
        Assert.True((await Lists.SetAsync("xyz.com", ["*@xyz.com"], "test")).Ok);
        Assert.StartsWith("250", await RcptAsync("anyone@xyz.com"));

        Assert.True((await Lists.SetAsync("xyz.com", ["only@xyz.com"], "test")).Ok);
        Assert.StartsWith("550 5.1.1", await RcptAsync("anyone@xyz.com"));

        Assert.True((await Lists.SetAsync("xyz.com", [], "test")).Ok);
        Assert.StartsWith("250", await RcptAsync("anyone@xyz.com"));
    }

    [Fact]
    public async Task SetAsync_WithABadEntry_StoresNothing_AndSaysWhich()
    {
        var result = await Lists.SetAsync("xyz.com", ["ok@xyz.com", "bob@abc.org", "a b@xyz.com", "x@y@xyz.com", new string('a', 65)], "test");

        Assert.False(result.Ok);
        Assert.Equal(4, result.Errors.Count);
        Assert.Contains(result.Errors, e => e.Contains("bob@abc.org is not an address of xyz.com", StringComparison.Ordinal));
        Assert.Equal(["info@xyz.com", "sales@xyz.com"], Lists.Get("xyz.com"));
    }

    [Fact]
    public async Task SetAsync_WithMoreThanTheLimit_StoresNothing()
    {
        var huge = Enumerable.Range(0, RecipientEntries.MaxEntries + 1).Select(i => $"u{i}@xyz.com");

        var result = await Lists.SetAsync("xyz.com", huge, "test");

        Assert.False(result.Ok);
        Assert.Equal(2, Lists.Get("xyz.com").Count);
        Assert.True((await Lists.SetAsync("xyz.com", huge.Take(RecipientEntries.MaxEntries), "test")).Ok);
        Assert.StartsWith("250", await RcptAsync("u9999@xyz.com"));
    }

    [Fact]
    public async Task List_SurvivesARestart_AndTheSeedDoesNotOverwriteIt()
    {
        Assert.True((await Lists.SetAsync("xyz.com", ["kept@xyz.com"], "test")).Ok);

        await RestartAsync(Settings);

        Assert.Equal(["kept@xyz.com"], Lists.Get("xyz.com"));
        Assert.StartsWith("550 5.1.1", await RcptAsync("sales@xyz.com"));
    }

    [Fact]
    public async Task UnknownUserRefusedAtDelivery_IsOfferedForRemoval_AndRemovedFromTheList()
    {
        _sink.RcptReply = a => a.StartsWith("sales", StringComparison.OrdinalIgnoreCase) ? "550 5.1.1 <sales@xyz.com>: user unknown" : "250 2.1.5 ok";
        await using (var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp))
        {
            await smtp.SendAsync("EHLO sender.example");
            Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", ["sales@xyz.com", "info@xyz.com"], "Subject: t\r\n\r\nhi"));
        }
        Engine.Services.GetRequiredService<PresenceRegistry>().Register("tab-1", "xyz.com", IPAddress.Loopback);

        await Wait.Until(() => Lists.RefusedAsync("xyz.com", TestContext.Current.CancellationToken).Result.Count == 1, "the 5.1.1 refusal is learned", 10000);
        var refused = Assert.Single(await Lists.RefusedAsync("xyz.com", TestContext.Current.CancellationToken));
        Assert.Equal("sales@xyz.com", refused.Address);
        Assert.Contains("user unknown", refused.Reply, StringComparison.Ordinal);

        Assert.True((await Lists.RemoveRefusedAsync("xyz.com", ["sales@xyz.com"], "test")).Ok);
        Assert.Equal(["info@xyz.com"], Lists.Get("xyz.com"));
        Assert.Empty(await Lists.RefusedAsync("xyz.com", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task DeletedDomain_LosesItsList()
    {
        var admin = Engine.Services.GetRequiredService<DynamicMail.Smtp.Domains.IDomainAdmin>();
        Assert.True((await admin.DeleteAsync("xyz.com", returnQueued: false, "test")).Ok);

        await Wait.Until(() => Lists.Get("xyz.com").Count == 0, "the list is dropped with the domain", 5000);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _sink.DisposeAsync();
    }
}
