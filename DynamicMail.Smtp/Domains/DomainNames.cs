using System.Text.RegularExpressions;

namespace DynamicMail.Smtp.Domains;

/// <summary>Syntax of domain names as customers and operators type them.</summary>
public static partial class DomainNames
{
    public const string Pattern = @"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\.?$";

    [GeneratedRegex(Pattern)]
    private static partial Regex Syntax();

    public static bool IsValid(string name) => Syntax().IsMatch(name);
}
