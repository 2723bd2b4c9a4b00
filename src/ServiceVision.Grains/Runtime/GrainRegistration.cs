namespace ServiceVision.Grains.Runtime;

/// <summary>
/// Maps a grain interface to its class and to the stable type name under which its state and
/// reminders are stored (renaming a class must not orphan its data).
/// </summary>
public sealed record GrainRegistration(string TypeName, Type Interface, Type Implementation)
{
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(TypeName);
        if (TypeName.Contains(GrainId.TenantSeparator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Grain type name '{TypeName}' may not contain '{GrainId.TenantSeparator}'.");
        }

        if (!Interface.IsInterface || !typeof(IGrain).IsAssignableFrom(Interface))
        {
            throw new ArgumentException($"{Interface.Name} must be an interface deriving from {nameof(IGrain)}.");
        }

        if (!typeof(Grain).IsAssignableFrom(Implementation) || !Interface.IsAssignableFrom(Implementation) || Implementation.IsAbstract)
        {
            throw new ArgumentException($"{Implementation.Name} must be a concrete {nameof(Grain)} implementing {Interface.Name}.");
        }

        foreach (var method in Interface.GetMethods().Concat(Interface.GetInterfaces().SelectMany(i => i.GetMethods())))
        {
            var returns = method.ReturnType;
            if (returns != typeof(Task) && !(returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>)))
            {
                throw new ArgumentException($"{Interface.Name}.{method.Name} must return Task or Task<T>.");
            }
        }
    }
}
