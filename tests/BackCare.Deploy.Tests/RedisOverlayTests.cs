namespace BackCare.Deploy.Tests;

/// <summary>overlays/redis: the app's connection string reaches the Redis Service, which reaches the Redis pod, which only API pods reach.</summary>
public class RedisOverlayTests
{
    private static readonly V1Deployment Redis = Manifests.Load<V1Deployment>("overlays/redis/redis-deployment.yaml");
    private static readonly V1Service Service = Manifests.Load<V1Service>("overlays/redis/redis-service.yaml");
    private static readonly V1Container Container = Assert.Single(Redis.Spec.Template.Spec.Containers);
    private static readonly IDictionary<string, string> ApiPodLabels = Manifests.Load<V1Deployment>("base/deployment.yaml").Spec.Template.Metadata.Labels;

    [Fact]
    public void The_connection_string_names_the_redis_service_and_port()
    {
        var settings = Manifests.Load<V1ConfigMap>("overlays/redis/configmap-patch.yaml").Data;
        var options = settings["ConnectionStrings__Redis"].Split(',');

        Assert.Equal($"{Service.Metadata.Name}:{Assert.Single(Service.Spec.Ports).Port}", options[0]);
        Assert.Contains("abortConnect=false", options);
        Assert.Contains("connectTimeout=1000", options);
        Assert.Contains("syncTimeout=1000", options);
        Assert.Equal("Redis", settings["RateLimit__Store"]);
    }

    [Fact]
    public void The_service_reaches_the_redis_container_port_on_the_redis_pods()
    {
        var port = Assert.Single(Service.Spec.Ports);
        Assert.Equal(6379, port.Port);
        Assert.Equal(6379, Assert.Single(Container.Ports, p => p.Name == port.TargetPort.Value).ContainerPort);
        AssertSubset(Service.Spec.Selector, Redis.Spec.Template.Metadata.Labels);
        AssertSubset(Redis.Spec.Selector.MatchLabels, Redis.Spec.Template.Metadata.Labels);
    }

    [Fact]
    public void Redis_keeps_nothing_on_disk_and_runs_locked_down()
    {
        Assert.Equal("redis:7.0", Container.Image);
        Assert.Equal(["redis-server", "--save", "", "--appendonly", "no"], Container.Args.Take(5));
        Assert.Equal(1, Redis.Spec.Replicas);

        var pod = Redis.Spec.Template.Spec;
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(999, pod.SecurityContext.RunAsUser);
        var security = Container.SecurityContext;
        Assert.Equal((true, 999L, true, false), (security.RunAsNonRoot, security.RunAsUser, security.ReadOnlyRootFilesystem, security.AllowPrivilegeEscalation));
        Assert.Equal(["ALL"], security.Capabilities.Drop);
        Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);

        var mount = Assert.Single(Container.VolumeMounts);
        Assert.Equal("/data", mount.MountPath);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == mount.Name).EmptyDir);
        Assert.NotNull(Container.Resources.Requests);
        Assert.NotNull(Container.Resources.Limits);
    }

    [Fact]
    public void The_probes_ping_redis_in_the_container()
    {
        Assert.All([Container.ReadinessProbe, Container.LivenessProbe], probe =>
        {
            Assert.Null(probe.HttpGet);
            Assert.Contains("redis-cli -p 6379 ping", string.Join(' ', probe.Exec.Command), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Only_api_pods_reach_redis_and_redis_reaches_nothing()
    {
        var policy = Manifests.Load<V1NetworkPolicy>("overlays/redis/redis-networkpolicy.yaml");
        AssertSubset(policy.Spec.PodSelector.MatchLabels, Redis.Spec.Template.Metadata.Labels);
        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        Assert.Empty(policy.Spec.Egress ?? []);

        var rule = Assert.Single(policy.Spec.Ingress);
        var peer = Assert.Single(rule.FromProperty);
        Assert.Null(peer.NamespaceSelector);
        Assert.Null(peer.IpBlock);
        AssertSubset(peer.PodSelector.MatchLabels, ApiPodLabels);
        Assert.Equal("6379", Assert.Single(rule.Ports).Port.Value);
    }

    private static void AssertSubset(IDictionary<string, string> selector, IDictionary<string, string> labels)
    {
        Assert.NotEmpty(selector);
        Assert.All(selector, pair => Assert.Equal(pair.Value, labels.TryGetValue(pair.Key, out var value) ? value : null));
    }
}
