using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Operators;

/// <summary>The first operator ("DynamicMail:Admin"), created only while no operator exists.</summary>
public sealed class AdminOptions : IValidatableObject
{
    public const string Section = "DynamicMail:Admin";

    [RegularExpression("^[A-Za-z0-9._@-]{1,64}$", ErrorMessage = "Username may hold letters, digits and . _ @ -")]
    public string? Username { get; set; }

    [MinLength(10, ErrorMessage = "Password must have at least 10 characters.")]
    public string? Password { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Set both Username and Password, or neither.", [nameof(Username), nameof(Password)]);
        }
    }
}
