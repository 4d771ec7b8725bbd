namespace DynamicMail.Smtp.Telemetry;

/// <summary>The one meter of the engine, for exporters to subscribe to by name.</summary>
public static class EngineMeter
{
    public const string Name = "DynamicMail";
}
