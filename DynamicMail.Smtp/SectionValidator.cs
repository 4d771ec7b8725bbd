using System.Collections;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp;

/// <summary>Data-annotation validation that names the full configuration key of each bad value, list items included.</summary>
internal sealed class SectionValidator<T>(string section) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = new List<string>();
        Collect(options, section, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Collect(object value, string path, List<string> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        errors.AddRange(results.Select(r => $"{path}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        foreach (var property in value.GetType().GetProperties())
        {
            if (property.PropertyType != typeof(string) && property.GetValue(value) is IList list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is null or string || list[i]!.GetType().IsValueType)
                    {
                        continue; // plain values (e.g. a recipient list) are checked by their owner
                    }
                    Collect(list[i]!, $"{path}:{property.Name}:{i}", errors);
                }
            }
        }
    }
}
