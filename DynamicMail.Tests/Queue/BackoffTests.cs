using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Time.Testing;

namespace DynamicMail.Tests.Queue;

/// <summary>Retry schedule after 4xx replies, on a fake clock.</summary>
public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(5, 480)]
    [InlineData(6, 900)]
    [InlineData(50, 900)]
    public void Backoff_DoublesFrom30SecondsUpTo15Minutes(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RecipientOutcomes.Backoff(attempts));

    [Fact]
    public void TryLater_SchedulesTheNextAttempt_FromTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        var message = new QueuedMessage { Id = "A", Domain = "xyz.com" };
        message.Recipients.Add(new QueuedRecipient { Address = "bob@xyz.com", State = RecipientState.Delivering, LeaseOwner = "w1" });

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var now = time.GetUtcNow().UtcDateTime;
            message.Recipients[0].State = RecipientState.Delivering;
            message.Recipients[0].LeaseOwner = "w1";
            RecipientOutcomes.Apply(message, "w1", [new DeliveryOutcome("bob@xyz.com", RecipientOutcome.TryLater, "451 4.3.0 later")], now);
            message.NextAttemptAt = MessageSchedule.NextAttempt(message);

            Assert.Equal(RecipientState.Queued, message.Recipients[0].State);
            Assert.Equal(now + RecipientOutcomes.Backoff(attempt), message.NextAttemptAt);
            Assert.False(message.Recipients[0].IsClaimable(now));
            time.Advance(RecipientOutcomes.Backoff(attempt));
            Assert.True(message.Recipients[0].IsClaimable(time.GetUtcNow().UtcDateTime));
        }
        Assert.Equal(3, message.Recipients[0].Attempts);
    }

    [Fact]
    public void Outcome_FromAnotherOwner_IsIgnored()
    {
        var message = new QueuedMessage { Id = "A", Domain = "xyz.com" };
        message.Recipients.Add(new QueuedRecipient { Address = "bob@xyz.com", State = RecipientState.Delivering, LeaseOwner = "w1" });

        RecipientOutcomes.Apply(message, "w2", [new DeliveryOutcome("bob@xyz.com", RecipientOutcome.Delivered, "250 ok")], DateTime.UtcNow);

        Assert.Equal(RecipientState.Delivering, message.Recipients[0].State);
    }
}
