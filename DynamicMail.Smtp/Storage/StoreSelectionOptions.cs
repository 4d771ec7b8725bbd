using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Storage;

/// <summary>The store's technology and, for PostgreSQL, where it is and who this node is (section "DynamicMail:Store").</summary>
public sealed class StoreSelectionOptions : IValidatableObject
{
    public const string Section = "DynamicMail:Store";

    public StoreProvider Provider { get; set; } = StoreProvider.LiteDb;

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is Postgres.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>This node's name in leases and presence; stable across restarts (default: the machine name).</summary>
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "letters, digits, '.', '_' or '-', at most 64")]
    public string? NodeId { get; set; }

    public string EffectiveNodeId => string.IsNullOrWhiteSpace(NodeId) ? Environment.MachineName.ToLowerInvariant() : NodeId;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider != StoreProvider.Postgres)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("is required when Provider is Postgres", [nameof(ConnectionString)]);
            yield break;
        }
        string? problem = null;
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException ex)
        {
            problem = ex.Message;
        }
        if (problem is not null)
        {
            yield return new ValidationResult("is not a valid PostgreSQL connection string: " + problem, [nameof(ConnectionString)]);
        }
    }
}
