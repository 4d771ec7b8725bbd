using System.Threading.Channels;
using DynamicMail.Smtp.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Recipients;

/// <summary>
/// Learns the addresses the customer's server refused as unknown (a permanent <c>5.1.1</c>), to offer them for removal
/// from the list; drops a deleted domain's list. Events are handed over quickly and written here, one at a time.
/// </summary>
internal sealed class RecipientListUpkeep(IMailEvents events, RecipientLists lists, IRecipientListStore store, ILogger<RecipientListUpkeep> logger)
    : BackgroundService
{
    private readonly Channel<RecipientFailed> _work = Channel.CreateBounded<RecipientFailed>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Whether a refusal says the mailbox does not exist.</summary>
    public static bool IsUnknownUser(string reply) =>
        reply.StartsWith("55", StringComparison.Ordinal) && reply.Contains("5.1.1", StringComparison.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(e =>
        {
            if (e is RecipientFailed { Permanent: true } f && IsUnknownUser(f.Reply))
            {
                _work.Writer.TryWrite(f);
            }
            else if (e is DomainChanged { What: "domain.delete" })
            {
                lists.ForgetDomain(e.Domain); // at once, before the delete returns: the store dropped the rows with the domain
            }
        });
        await foreach (var e in _work.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await HandleAsync(e).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not record a recipient list change for {Domain}", e.Domain);
            }
        }
    }

    private Task HandleAsync(RecipientFailed f) =>
        store.NoteRefusedAsync(new RefusedRecipient(f.Domain.ToLowerInvariant(), f.Recipient.ToLowerInvariant(), f.Reply, f.At));
}
