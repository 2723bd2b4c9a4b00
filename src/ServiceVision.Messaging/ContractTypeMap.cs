using System.Reflection;
using ServiceVision.Contracts;

namespace ServiceVision.Messaging;

/// <summary>An assembly whose message contracts the relay can publish (see <see cref="MessagingExtensions.AddMessageContracts"/>).</summary>
public sealed record MessageContractAssembly(Assembly Assembly);

/// <summary>The contract types the outbox relay knows, by stable name (<see cref="ContractTypes"/>).</summary>
public sealed class ContractTypeMap(IEnumerable<MessageContractAssembly> assemblies)
{
    private readonly IReadOnlyDictionary<string, Type> types = ContractTypes.In(assemblies.Select(a => a.Assembly));

    /// <summary>Every known contract, by stable name.</summary>
    public IReadOnlyDictionary<string, Type> Types => types;

    public bool TryGet(string name, out Type type) => types.TryGetValue(name, out type!);
}
