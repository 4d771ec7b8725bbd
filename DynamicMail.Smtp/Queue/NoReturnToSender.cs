namespace DynamicMail.Smtp.Queue;

/// <summary>Stands in until a bounce engine registers a real <see cref="IReturnToSender"/>.</summary>
internal sealed class NoReturnToSender : IReturnToSender
{
    public bool Available => false;

    public Task ReturnNowAsync(string messageId, string reason) =>
        throw new NotSupportedException("Returning mail to its sender needs the bounce engine, which is not available.");
}
