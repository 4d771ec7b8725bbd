using System.Net;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Delivery;

/// <summary>A checked destination (issue #18): with a server name set, only a server that calls itself so gets the mail.</summary>
public sealed class CheckedDestinationTests : DeliveringEngineTest
{
    private DomainStatusBoard Board => Engine.Services.GetRequiredService<DomainStatusBoard>();

    private async Task RequireNameAsync(string name)
    {
        var input = DomainInput.From(Engine.Domains.FindByName("xyz.com")!);
        input.ServerName = name;
        Assert.True((await Engine.Services.GetRequiredService<IDomainAdmin>().UpdateAsync("xyz.com", input, "tester")).Ok);
    }

    private async Task<string> QueueAsync()
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        return QueueReading.QueueId(await smtp.SendMessageAsync("alice@sender.example", ["bob@xyz.com"], "Subject: t\r\n\r\nhello"));
    }

    [Theory]
    [InlineData("220 other.example ESMTP", "mail.xyz.com")]
    [InlineData("220 mail.xyz.com ESMTP", "other.example")]
    [InlineData("220 other.example ESMTP", "other.example")]
    public async Task ServerName_NotMatching_PausesDelivery_WithAClearStatus(string greeting, string ehloName)
    {
        Sink.Greeting = greeting;
        Sink.EhloName = ehloName;
        await RequireNameAsync("Mail.XYZ.com");
        var id = await QueueAsync();

        Engine.Services.GetRequiredService<PresenceRegistry>().Register("tab-1", "xyz.com", IPAddress.Loopback);

        await Wait.Until(() => Board.Get("xyz.com").State == DeliveryState.Paused, "paused", 10000);
        Assert.Contains("not mail.xyz.com", Board.Get("xyz.com").LastReply, StringComparison.Ordinal);
        Assert.Empty(Sink.Messages);
        Assert.Equal(RecipientState.Queued, Engine.Queue.Find(id)!.Recipients[0].State);
    }

    [Fact]
    public async Task ServerName_Matching_Delivers()
    {
        Sink.Greeting = "220 mail.xyz.com ESMTP ready";
        Sink.EhloName = "MAIL.xyz.com";
        await RequireNameAsync("mail.xyz.com");
        var id = await QueueAsync();

        Engine.Services.GetRequiredService<PresenceRegistry>().Register("tab-1", "xyz.com", IPAddress.Loopback);

        await Wait.Until(() => Engine.Queue.Find(id) is null || Board.Get("xyz.com").State == DeliveryState.Paused, "delivered or paused", 10000);
        Assert.True(Engine.Queue.Find(id) is null, Board.Get("xyz.com").LastReply);
    }

    [Theory]
    [InlineData("not a name")]
    [InlineData("-bad.example")]
    public async Task ServerName_Invalid_IsRefused(string name)
    {
        var input = DomainInput.From(Engine.Domains.FindByName("xyz.com")!);
        input.ServerName = name;

        var result = await Engine.Services.GetRequiredService<IDomainAdmin>().UpdateAsync("xyz.com", input, "tester");

        Assert.False(result.Ok);
        Assert.Contains(nameof(DomainInput.ServerName), result.Errors.Keys);
    }
}
