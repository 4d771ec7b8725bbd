using System.Reflection;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Tests.Storage;

/// <summary>
/// #19's store boundary, kept: nothing public in the engine names a database library (no LiteDB or Npgsql type in
/// a public signature, no Bson mapping attribute on a public entity), so Web and any new store see only the
/// engine's own interfaces and entities; the mapping stays inside each adapter.
/// </summary>
public sealed class StoreBoundaryTests
{
    private static readonly string[] DatabaseAssemblies = ["LiteDB", "Npgsql"];

    private static bool IsDatabaseType(Type type) =>
        (type.HasElementType ? IsDatabaseType(type.GetElementType()!) : DatabaseAssemblies.Contains(type.Assembly.GetName().Name))
        || (type.IsGenericType && type.GetGenericArguments().Any(IsDatabaseType));

    [Fact]
    public void PublicEngineTypes_NeitherExposeNorAreMappedByADatabaseLibrary()
    {
        var leaks = new List<string>();
        foreach (var type in typeof(IMailQueue).Assembly.GetExportedTypes())
        {
            const BindingFlags visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(visible))
            {
                var signature = member switch
                {
                    PropertyInfo p => [p.PropertyType],
                    FieldInfo f => [f.FieldType],
                    MethodInfo m => m.GetParameters().Select(x => x.ParameterType).Append(m.ReturnType),
                    ConstructorInfo c => c.GetParameters().Select(x => x.ParameterType),
                    _ => Enumerable.Empty<Type>(),
                };
                if (signature.Any(IsDatabaseType))
                {
                    leaks.Add($"{type.FullName}.{member.Name}");
                }
                if (member.GetCustomAttributes(inherit: false).Any(a => IsDatabaseType(a.GetType())))
                {
                    leaks.Add($"{type.FullName}.{member.Name} [attribute]");
                }
            }
            if (type.GetCustomAttributes(inherit: false).Any(a => IsDatabaseType(a.GetType())) || type.GetInterfaces().Any(IsDatabaseType)
                || (type.BaseType is { } b && IsDatabaseType(b)))
            {
                leaks.Add(type.FullName!);
            }
        }

        Assert.Empty(leaks);
    }
}
