using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace DynamicMail.Smtp.Events;

/// <summary>Copy-on-write list of subscribers; a failing subscriber never stops the others or the publisher.</summary>
internal sealed class MailEventHub(ILogger<MailEventHub> logger) : IMailEvents
{
    private ImmutableArray<Action<MailEvent>> _handlers = [];

    public void Publish(MailEvent mailEvent)
    {
        foreach (var handler in _handlers)
        {
            try
            {
                handler(mailEvent);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "An event subscriber failed on {Event}", mailEvent.GetType().Name);
            }
        }
    }

    public IDisposable Subscribe(Action<MailEvent> handler)
    {
        ImmutableInterlocked.Update(ref _handlers, h => h.Add(handler));
        return new Subscription(() => ImmutableInterlocked.Update(ref _handlers, h => h.Remove(handler)));
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;
        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
