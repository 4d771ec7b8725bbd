using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Issue #15: an unexpected exception with one message never stops its domain: the message is tried again soon,
/// and after PoisonAfter attempts it is set aside with its error (held, shown in the console) and not tried again;
/// the rest of the batch is delivered meanwhile.
/// </summary>
public sealed class PoisonMessageTests : HostileDeliveryTest
{
    // One connection, so the poison message and the others share one claimed batch.
    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?>
    {
        ["DynamicMail:Delivery:ConnectionsPerDomain"] = "1",
        ["DynamicMail:Delivery:RetryInterval"] = "00:00:00.050",
    };

    protected override void Override(IServiceCollection services)
    {
        services.AddSingleton(sp => new ThrowingMailSender(ActivatorUtilities.CreateInstance<MailKitMailSender>(sp)));
        services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<ThrowingMailSender>());
    }

    private ThrowingMailSender Thrower => Engine.Services.GetRequiredService<ThrowingMailSender>();

    [Fact]
    public async Task MessageThatThrowsEveryTime_IsSetAsideWithItsError_AfterPoisonAfterAttempts_AndTheRestIsDelivered()
    {
        var before = await QueueManyAsync(3);
        var poison = await QueueAsync("alice@sender.example", "poison", "bob@xyz.com");
        var after = await QueueManyAsync(3, "later");
        GoOnline();

        await Wait.Until(() => Engine.Queue.Find(poison)?.Recipients.Single().State == RecipientState.Held, "the poison message set aside");
        await Wait.Until(() => before.Concat(after).All(IsGone), "the other six delivered");

        var held = Engine.Queue.Find(poison)!.Recipients.Single();
        Assert.Equal(3, Thrower.Throws);
        Assert.Equal(3, held.Attempts);
        Assert.Equal("Set aside after 3 failed attempts: test: a bug trips over this message", held.HeldReason);
        Assert.Equal("Held", MessageSummary.Of(Engine.Queue.Find(poison)!));
        Assert.Null(held.LeaseOwner);
        Assert.NotEqual(DeliveryState.Paused, Board.Get("xyz.com").State);
        Assert.Equal(6, Sink.Messages.Count);
    }
}
