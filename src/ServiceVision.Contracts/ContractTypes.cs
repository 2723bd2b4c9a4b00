using System.Reflection;

namespace ServiceVision.Contracts;

/// <summary>
/// Names message contracts stably and finds them again by name. The durable outbox stores a
/// message as its stable name plus its JSON, and the relay turns the name back into the type to
/// publish it, so the name must not change while a stored message may still carry it.
/// </summary>
/// <remarks>
/// A contract is a public, non-abstract, non-generic class (a record) that implements
/// <see cref="ITenantMessage"/>. Its stable name is its full type name, for example
/// <c>ServiceVision.Contracts.V1.VisionPublished</c>; that is why contracts live in versioned
/// namespaces and are never renamed or moved.
/// </remarks>
public static class ContractTypes
{
    /// <summary>Whether <paramref name="type"/> is a message contract (see the remarks of <see cref="ContractTypes"/>).</summary>
    public static bool IsContract(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type is { IsClass: true, IsAbstract: false, IsGenericType: false, IsVisible: true, FullName: not null }
            && typeof(ITenantMessage).IsAssignableFrom(type);
    }

    /// <summary>The stable name of a contract type: its full type name.</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not a message contract.</exception>
    public static string NameOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return IsContract(type)
            ? type.FullName!
            : throw new ArgumentException(
                $"{type} is not a message contract: it must be a public, non-abstract, non-generic class implementing {nameof(ITenantMessage)}.",
                nameof(type));
    }

    /// <summary>The stable name of <typeparamref name="T"/>.</summary>
    public static string NameOf<T>() where T : class, ITenantMessage => NameOf(typeof(T));

    /// <summary>Every contract type of <paramref name="assembly"/>, by stable name.</summary>
    public static IReadOnlyDictionary<string, Type> In(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetExportedTypes().Where(IsContract).ToDictionary(NameOf, StringComparer.Ordinal);
    }

    /// <summary>Every contract type of the given assemblies, by stable name; a name found twice is an error.</summary>
    /// <exception cref="InvalidOperationException">Two assemblies define a contract with the same stable name.</exception>
    public static IReadOnlyDictionary<string, Type> In(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var all = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var (name, type) in In(assembly))
            {
                if (!all.TryAdd(name, type) && all[name] != type)
                {
                    throw new InvalidOperationException($"Two message contracts are named '{name}': {all[name].AssemblyQualifiedName} and {type.AssemblyQualifiedName}.");
                }
            }
        }

        return all;
    }
}
