namespace DynamicMail.Smtp.Events;

/// <summary>The one in-process publisher of engine events.</summary>
public interface IMailEvents
{
    void Publish(MailEvent mailEvent);

    /// <summary>Subscribes; dispose the result to unsubscribe. Handlers run on the publisher's thread and must be quick.</summary>
    IDisposable Subscribe(Action<MailEvent> handler);
}
