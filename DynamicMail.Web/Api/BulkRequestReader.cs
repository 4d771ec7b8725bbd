using System.Globalization;
using System.Text;
using System.Text.Json;
using DynamicMail.Smtp.Queue;
using DynamicMail.Smtp.Queue.Bulk;

namespace DynamicMail.Web.Api;

/// <summary>
/// Reads the body of <c>POST /api/v1/queue/bulk</c>. The filter's fields become the console's search text (one
/// validation path, and the text the audit log shows); unknown fields, wrong types and empty filters are refused.
/// </summary>
internal static class BulkRequestReader
{
    private static readonly Dictionary<string, string> SearchKeys = new(StringComparer.Ordinal)
    {
        ["domain"] = "domain", ["sender"] = "from", ["recipient"] = "to", ["subject"] = "subject", ["state"] = "state",
        ["olderThan"] = "before", ["newerThan"] = "after",
    };

    public static (QueueFilter Filter, string Text, BulkAction Action)? Read(JsonElement root, QueueSearch search, Dictionary<string, string[]> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["The body must be a JSON object with \"filter\" and \"action\"."];
            return null;
        }
        BulkAction? action = null;
        string? text = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "action": action = Action(property.Value, errors); break;
                case "filter": text = FilterText(property.Value, errors); break;
                default: errors[property.Name] = ["Unknown field; the body takes \"filter\" and \"action\"."]; break;
            }
        }
        if (action is null && !errors.ContainsKey("action"))
        {
            errors["action"] = ["Required: hold, release, retry, return or delete."];
        }
        if (text is null && !errors.Keys.Any(k => k.StartsWith("filter", StringComparison.Ordinal)))
        {
            errors["filter"] = ["Required, with at least one of domain, sender, recipient, subject, state, olderThan, newerThan."];
        }
        if (errors.Count > 0 || text is null || action is null)
        {
            return null;
        }
        var parsed = search.Parse(text);
        if (parsed.Filter is null)
        {
            errors["filter"] = [parsed.Error!];
            return null;
        }
        return (parsed.Filter, text, action.Value);
    }

    private static BulkAction? Action(JsonElement value, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } s && s.All(char.IsAsciiLetter)
            && Enum.TryParse<BulkAction>(s, ignoreCase: true, out var action))
        {
            return action;
        }
        errors["action"] = ["Unknown action; use hold, release, retry, return or delete."];
        return null;
    }

    /// <summary>The filter as search text (<c>from:"x" before:3d</c>), or null with errors.</summary>
    private static string? FilterText(JsonElement filter, Dictionary<string, string[]> errors)
    {
        if (filter.ValueKind != JsonValueKind.Object)
        {
            errors["filter"] = ["Must be an object."];
            return null;
        }
        var text = new StringBuilder();
        foreach (var field in filter.EnumerateObject())
        {
            if (!SearchKeys.TryGetValue(field.Name, out var key))
            {
                errors["filter." + field.Name] = ["Unknown field; use domain, sender, recipient, subject, state, olderThan, newerThan."];
            }
            else if (field.Value.ValueKind != JsonValueKind.String || field.Value.GetString() is not { Length: > 0 } value)
            {
                errors["filter." + field.Name] = ["Must be a non-empty string."];
            }
            else if (value.Length > QueueSearch.MaxValueLength || value.Contains('"', StringComparison.Ordinal))
            {
                errors["filter." + field.Name] = [$"At most {QueueSearch.MaxValueLength} characters, without double quotes."];
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"{(text.Length > 0 ? " " : "")}{key}:{Quote(Age(key, value))}");
            }
        }
        return text.Length > 0 ? text.ToString() : null;
    }

    /// <summary>Ages also come as .NET time spans ("1.00:00:00"); the search takes minutes then.</summary>
    private static string Age(string key, string value) =>
        key is "before" or "after" && value.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? $"{(long)span.TotalMinutes}m"
            : value;

    private static string Quote(string value) => value.Any(char.IsWhiteSpace) || value.Contains(':', StringComparison.Ordinal) ? $"\"{value}\"" : value;
}
