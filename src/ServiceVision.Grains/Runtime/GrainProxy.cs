using System.Collections.Concurrent;
using System.Linq.Expressions;
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

    // The activation this reference last called: the next call goes straight to its mailbox, without
    // looking the grain up by id, while it lives (see GrainRuntime.Dispatch).
    private Activation? activation;
    private GrainMethod? lastMethod;

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

        // Callers mostly call the same method again: that one is kept, the rest are looked up.
        var method = lastMethod is { } last && last.Info == targetMethod ? last : methods.GetOrAdd(targetMethod, static m => GrainMethod.Create(m));
        lastMethod = method;
        return method.Call(runtime!, id, ref activation, args ?? []);
    }

    public override string ToString() => id.ToString();

    /// <summary>
    /// One interface method, prepared once: whether it is read-only, and a compiled invoker that calls
    /// it on the grain with the call's arguments (no reflection and no closure per call).
    /// </summary>
    private abstract class GrainMethod(MethodInfo info, bool isReadOnly)
    {
        public MethodInfo Info { get; } = info;

        protected string Name => Info.Name;

        protected bool IsReadOnly { get; } = isReadOnly;

        public static GrainMethod Create(MethodInfo method)
        {
            var isReadOnly = method.IsDefined(typeof(ReadOnlyAttribute), inherit: true);
            var invoker = Compile(method);
            if (method.ReturnType == typeof(Task))
            {
                return new VoidMethod(method, isReadOnly, (Func<Grain, object?[], Task>)invoker);
            }

            var result = method.ReturnType.GetGenericArguments()[0];
            return (GrainMethod)Activator.CreateInstance(typeof(TypedMethod<>).MakeGenericType(result), method, isReadOnly, invoker)!;
        }

        public abstract object Call(GrainRuntime runtime, GrainId id, ref Activation? activation, object?[] args);

        /// <summary><c>(grain, args) =&gt; ((TInterface)grain).Method((T0)args[0], ...)</c>, returning the method's task.</summary>
        private static Delegate Compile(MethodInfo method)
        {
            var grain = Expression.Parameter(typeof(Grain), "grain");
            var args = Expression.Parameter(typeof(object[]), "args");
            var parameters = method.GetParameters().Select((p, i) =>
                (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
            var call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);
            var type = typeof(Func<,,>).MakeGenericType(typeof(Grain), typeof(object[]), method.ReturnType);
            return Expression.Lambda(type, call, grain, args).Compile();
        }
    }

    private sealed class TypedMethod<T>(MethodInfo info, bool isReadOnly, Func<Grain, object?[], Task<T>> invoke) : GrainMethod(info, isReadOnly)
    {
        public override object Call(GrainRuntime runtime, GrainId id, ref Activation? activation, object?[] args) =>
            runtime.CallAsync(id, ref activation, Name, IsReadOnly, invoke, args);
    }

    /// <summary>A method returning Task: the caller gets a Task&lt;bool&gt; (seen as Task).</summary>
    private sealed class VoidMethod(MethodInfo info, bool isReadOnly, Func<Grain, object?[], Task> invoke) : GrainMethod(info, isReadOnly)
    {
        private static readonly Task<bool> Done = Task.FromResult(true);
        private readonly Func<Grain, object?[], Task<bool>> invokeAsBool = (grain, args) =>
        {
            var task = invoke(grain, args);
            return task.IsCompletedSuccessfully ? Done : AwaitAsync(task);
        };

        public override object Call(GrainRuntime runtime, GrainId id, ref Activation? activation, object?[] args) =>
            runtime.CallAsync(id, ref activation, Name, IsReadOnly, invokeAsBool, args);

        private static async Task<bool> AwaitAsync(Task task)
        {
            await task;
            return true;
        }
    }
}
