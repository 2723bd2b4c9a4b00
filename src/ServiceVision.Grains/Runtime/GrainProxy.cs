using System.Collections.Concurrent;
using System.Reflection;

namespace ServiceVision.Grains.Runtime;

/// <summary>
/// The reference a caller holds: every interface call becomes a work item in the target
/// activation's mailbox. Stands in for the proxies Orleans generates at build time.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> methods = new();
    private GrainRuntime? runtime;
    private GrainId id;

    internal static TGrain Create<TGrain>(GrainRuntime runtime, GrainId id)
    {
        var proxy = Create<TGrain, GrainProxy>();
        var self = (GrainProxy)(object)proxy!;
        self.runtime = runtime;
        self.id = id;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
        {
            return targetMethod.Invoke(this, args);
        }

        var method = methods.GetOrAdd(targetMethod, static m => new GrainMethod(m));
        return method.Call(runtime!, id, args ?? []);
    }

    public override string ToString() => id.ToString();

    /// <summary>One interface method, prepared once: whether it is read-only and how to queue it.</summary>
    private sealed class GrainMethod
    {
        private static readonly MethodInfo callTyped = typeof(GrainMethod).GetMethod(nameof(CallTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
        private readonly MethodInfo method;
        private readonly bool isReadOnly;
        private readonly Func<GrainRuntime, GrainId, MethodInfo, bool, object?[], object> call;

        public GrainMethod(MethodInfo method)
        {
            this.method = method;
            isReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
            call = method.ReturnType == typeof(Task)
                ? (Func<GrainRuntime, GrainId, MethodInfo, bool, object?[], object>)CallVoid
                : callTyped.MakeGenericMethod(method.ReturnType.GetGenericArguments()[0])
                    .CreateDelegate<Func<GrainRuntime, GrainId, MethodInfo, bool, object?[], object>>();
        }

        public object Call(GrainRuntime runtime, GrainId id, object?[] args) => call(runtime, id, method, isReadOnly, args);

        private static Task<T> CallTyped<T>(GrainRuntime runtime, GrainId id, MethodInfo method, bool isReadOnly, object?[] args) =>
            runtime.CallAsync(id, method.Name, isReadOnly, grain => (Task<T>)Invoke(method, grain, args));

        private static Task<bool> CallVoid(GrainRuntime runtime, GrainId id, MethodInfo method, bool isReadOnly, object?[] args) =>
            runtime.CallAsync(id, method.Name, isReadOnly, async grain =>
            {
                await (Task)Invoke(method, grain, args);
                return true;
            });

        private static object Invoke(MethodInfo method, Grain grain, object?[] args) =>
            method.Invoke(grain, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null)!;
    }
}
