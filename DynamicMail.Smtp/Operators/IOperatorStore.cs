namespace DynamicMail.Smtp.Operators;

/// <summary>
/// What operator accounts need from a store; names arrive normalized (lower case). Each change commits with its
/// audit entry, and the rule that one active operator always remains is checked inside the same commit.
/// </summary>
internal interface IOperatorStore
{
    /// <summary>Every operator, by name.</summary>
    Task<IReadOnlyList<Operator>> AllAsync(CancellationToken cancellationToken = default);

    Task<Operator?> FindAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Adds the operator with its audit entry, durably; false (nothing written) when the name is taken.</summary>
    Task<bool> AddAsync(Operator op, AuditEntry audit);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored operator and stores it with <paramref name="audit"/> (when
    /// given), durably. <see cref="OperatorChange.LastOperator"/>, nothing written, when
    /// <paramref name="keepAnotherActive"/> and no other enabled operator exists.
    /// </summary>
    Task<OperatorChange> ChangeAsync(string username, Action<Operator> change, AuditEntry? audit, bool keepAnotherActive = false);

    /// <summary>Removes the operator with its audit entry; <see cref="OperatorChange.LastOperator"/> when no other enabled operator exists.</summary>
    Task<OperatorChange> RemoveAsync(string username, AuditEntry audit);
}
