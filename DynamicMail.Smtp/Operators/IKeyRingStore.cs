namespace DynamicMail.Smtp.Operators;

/// <summary>
/// The web door's key ring (ASP.NET Data Protection: cookies, ODMR secrets), kept in the shared store so every node
/// reads what any node protected. Registered only by stores that several nodes share; elements are never changed,
/// only added (the key manager writes revocations as new elements).
/// </summary>
public interface IKeyRingStore
{
    Task<IReadOnlyList<string>> AllAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds one element; a second element of the same name is ignored (the first one wins).</summary>
    Task AddAsync(string name, string xml);
}
