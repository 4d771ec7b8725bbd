namespace DynamicMail.Smtp.Queue;

/// <summary>The store could not make a write durable (flush failed, disk full, store closed).</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException() { }
    public StoreUnavailableException(string message) : base(message) { }
    public StoreUnavailableException(string message, Exception inner) : base(message, inner) { }
}
