using System.ComponentModel.DataAnnotations;

namespace DynamicMail.Smtp.Queue;

/// <summary>Top-level settings of the store (section "DynamicMail").</summary>
public sealed class StoreOptions
{
    public const string Section = "DynamicMail";

    /// <summary>Folder of the store; relative paths are resolved against the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";
}
