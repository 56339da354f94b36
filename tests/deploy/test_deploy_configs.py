"""Static checks of the production deployment in deploy/: docker compose, Kubernetes, nginx, Dockerfile.

Nothing is built or started and nothing goes over the network: the files are parsed and their
security and availability invariants checked. `nginx -t` runs on the proxy config when nginx
and openssl are installed (skipped otherwise).
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
NGINX_CONF = DEPLOY / "nginx" / "nginx.conf"
UPSTREAMS = [DEPLOY / "nginx" / "upstream.conf", K8S / "nginx-upstream.conf"]
BOT_IMAGE = "back-pain-assistant"
SECRET_NAME = re.compile(r"PASSWORD|TOKEN|SECRET")

PUBLIC_PATHS = ["/webhooks/rest/webhook", "/widget.js", "/chat/", "/chat/chat.js", "/chat/chat.css",
                "/chat/summary-doc.js", "/chat/print.html", "/chat/print.js", "/clinics/demo_uk.json", "/demo/"]
PRIVATE_PATHS = ["/", "/status", "/version", "/model", "/model/train", "/conversations/abc/tracker",
                 "/conversations/abc/messages", "/webhooks/rest/", "/webhooks/rest", "/health", "/webhook",
                 "/chat/index.html", "/clinics/", "/clinics/x.yml", "/widget.jsx"]


def load_documents(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def k8s_documents() -> list[dict]:
    return [doc for path in sorted(K8S.rglob("*.yaml")) for doc in load_documents(path) if "kind" in doc]


def of_kind(*kinds: str) -> list[dict]:
    return [doc for doc in k8s_documents() if doc["kind"] in kinds]


def named(kind: str, name: str) -> dict:
    return next(doc for doc in of_kind(kind) if doc["metadata"]["name"] == name)


def pod_spec(workload: dict) -> dict:
    if workload["kind"] == "CronJob":
        return workload["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return workload["spec"]["template"]["spec"]


def containers(*kinds: str) -> Iterator[tuple[str, dict]]:
    for workload in of_kind(*kinds):
        for container in pod_spec(workload)["containers"]:
            yield f"{workload['kind']}/{workload['metadata']['name']}/{container['name']}", container


def container_of(deployment: str) -> dict:
    return pod_spec(named("Deployment", deployment))["containers"][0]


def probe_text(probe: dict) -> str:
    return yaml.safe_dump(probe, width=1000)


# --- every file ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(DEPLOY.rglob("*.y*ml")), ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_yaml_file_in_deploy_parses(path):
    assert load_documents(path), f"{path} has no YAML document"


def test_telemetry_is_never_turned_on():
    for path in [*DEPLOY.rglob("*"), ROOT / ".dockerignore"]:
        if path.is_file():
            assert not re.search(r"RASA_TELEMETRY_ENABLED\W+true", path.read_text(errors="ignore"), re.IGNORECASE), path


# --- docker compose -----------------------------------------------------------------------------

COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def uses_bot_image(service: dict) -> bool:
    return str(service.get("image", "")).startswith(BOT_IMAGE)


def rasa_services() -> dict[str, dict]:
    return {name: service for name, service in SERVICES.items()
            if uses_bot_image(service) and "plugins.server run --model" in command_of(service)}


def networks_of(service: dict) -> set[str]:
    return set(service.get("networks") or [])


def test_compose_has_postgres_15_and_redis_7_with_a_password():
    assert SERVICES["postgres"]["image"].startswith("postgres:15")
    assert SERVICES["redis"]["image"].startswith("redis:7")
    assert "--requirepass" in command_of(SERVICES["redis"])


def test_compose_runs_at_least_two_rasa_replicas():
    replicas = sum(service.get("deploy", {}).get("replicas", 1) for service in rasa_services().values())
    assert replicas >= 2


def test_compose_runs_at_least_two_action_servers():
    assert SERVICES["actions"]["deploy"]["replicas"] >= 2
    assert "python -m plugins.server run actions" in command_of(SERVICES["actions"])


def test_compose_action_servers_publish_no_ports():
    assert "ports" not in SERVICES["actions"]


def test_compose_action_servers_share_networks_only_with_rasa():
    for network in networks_of(SERVICES["actions"]):
        members = {name for name, service in SERVICES.items() if network in networks_of(service)} - {"actions"}
        assert members <= set(rasa_services()), f"{network} also has {members - set(rasa_services())}"
    assert any(networks_of(SERVICES["actions"]) & networks_of(service) for service in rasa_services().values())


def test_compose_only_nginx_publishes_ports():
    assert [name for name, service in SERVICES.items() if service.get("ports")] == ["nginx"]


def test_compose_internal_networks_keep_rasa_and_the_databases_off_the_internet():
    for name in ("edge", "backend", "data"):
        assert COMPOSE["networks"][name].get("internal") is True, name
    for name in [*rasa_services(), "postgres", "redis"]:
        assert all(COMPOSE["networks"][network].get("internal") for network in networks_of(SERVICES[name])), name


def test_compose_secrets_come_from_the_environment_and_are_required():
    for name, service in SERVICES.items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key):
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", str(value)), f"{name}: {key}={value!r}"


def test_compose_required_variables_are_in_env_example():
    required = set(re.findall(r"\$\{([A-Z_]+):\?", yaml.safe_dump(COMPOSE, width=1000)))
    example = {line.split("=", 1)[0] for line in (DEPLOY / ".env.example").read_text().splitlines()
               if "=" in line and not line.startswith("#")}
    assert required and required <= example


def test_compose_long_running_services_have_healthchecks_restart_policies_and_memory_limits():
    for name, service in SERVICES.items():
        assert service["deploy"]["resources"]["limits"]["memory"], name
        if "profiles" in service:  # one-shot tools such as the retention purge
            continue
        assert service.get("healthcheck", {}).get("test"), name
        assert service.get("restart") in {"always", "unless-stopped", "on-failure"}, name


def test_compose_bot_services_turn_telemetry_off():
    for name, service in SERVICES.items():
        if uses_bot_image(service):
            assert service["environment"]["RASA_TELEMETRY_ENABLED"] == "false", name


def test_compose_rasa_api_requires_the_token_and_is_checked_on_status():
    for name, service in rasa_services().items():
        assert "--enable-api" in command_of(service) and '--auth-token "$$RASA_API_TOKEN"' in command_of(service)
        assert "/status?token=" in " ".join(service["healthcheck"]["test"]), name


def test_compose_rasa_runs_behind_one_proxy_with_the_production_endpoints():
    for service in rasa_services().values():
        assert service["environment"]["SANIC_PROXIES_COUNT"] == "1"
        assert "--endpoints deploy/endpoints.yml" in command_of(service)


def test_production_endpoints_use_postgres_and_the_redis_lock_store():
    endpoints = yaml.safe_load((DEPLOY / "endpoints.yml").read_text())
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "redis"


def test_nginx_upstream_for_compose_lists_the_fixed_addresses_of_the_rasa_replicas():
    upstream = re.findall(r"server\s+([\d.]+):5005", (DEPLOY / "nginx" / "upstream.conf").read_text())
    addresses = [service["networks"]["edge"]["ipv4_address"] for service in rasa_services().values()]
    assert len(upstream) >= 2 and sorted(upstream) == sorted(addresses)


# --- Kubernetes ---------------------------------------------------------------------------------


def test_k8s_rasa_and_actions_run_two_replicas():
    assert named("Deployment", "rasa")["spec"]["replicas"] >= 2
    assert named("Deployment", "actions")["spec"]["replicas"] >= 2


def test_k8s_every_container_has_cpu_and_memory_requests_and_limits():
    for name, container in containers("Deployment", "StatefulSet", "CronJob", "Job"):
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(container.get("resources", {}).get(bound, {})), f"{name}: {bound}"


def test_k8s_every_long_running_container_has_readiness_and_liveness_probes():
    for name, container in containers("Deployment", "StatefulSet"):
        assert "readinessProbe" in container and "livenessProbe" in container, name


def test_k8s_rasa_readiness_asks_status_with_the_token_and_liveness_asks_root():
    rasa = container_of("rasa")
    assert "/status?token=" in probe_text(rasa["readinessProbe"])
    assert "RASA_API_TOKEN" in probe_text(rasa["readinessProbe"])
    assert rasa["livenessProbe"]["httpGet"]["path"] == "/"


def test_k8s_actions_probes_ask_health():
    actions = container_of("actions")
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert actions[probe]["httpGet"]["path"] == "/health", probe


def test_k8s_rasa_and_actions_start_through_the_server_entry_point():
    assert container_of("rasa")["command"] == ["python", "-m", "plugins.server"]
    assert container_of("rasa")["args"][0] == "run"
    assert container_of("actions")["command"][:5] == ["python", "-m", "plugins.server", "run", "actions"]


def test_k8s_rasa_api_requires_the_token():
    args = container_of("rasa")["args"]
    assert "--enable-api" in args
    assert args[args.index("--auth-token") + 1] == "$(RASA_API_TOKEN)"


def test_k8s_secret_values_come_from_secret_key_refs():
    for name, container in containers("Deployment", "StatefulSet", "CronJob", "Job"):
        for variable in container.get("env", []):
            if SECRET_NAME.search(variable["name"]):
                assert "value" not in variable, f"{name}: {variable['name']}"
                assert variable["valueFrom"]["secretKeyRef"]["name"], f"{name}: {variable['name']}"


def test_k8s_configmaps_hold_no_secrets():
    for configmap in of_kind("ConfigMap"):
        assert not [key for key in configmap.get("data", {}) if SECRET_NAME.search(key)]


def test_k8s_secret_template_holds_placeholders_only():
    (secret,) = load_documents(K8S / "secret.example.yaml")
    assert secret["kind"] == "Secret"
    assert all(re.fullmatch(r"<[A-Z_]+>", value) for value in secret["stringData"].values())


def test_k8s_kustomization_applies_existing_files_but_not_the_secret_template():
    resources = yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"]
    assert "secret.example.yaml" not in resources
    assert all((K8S / resource).is_file() for resource in resources)


def test_k8s_telemetry_is_off_for_every_bot_container():
    assert named("ConfigMap", "back-pain-config")["data"]["RASA_TELEMETRY_ENABLED"] == "false"
    for name, container in containers("Deployment", "CronJob", "Job"):
        if container["image"].startswith(BOT_IMAGE):
            config_maps = [source["configMapRef"]["name"] for source in container.get("envFrom", [])]
            assert "back-pain-config" in config_maps, name


def test_k8s_bot_containers_share_one_image_and_run_as_non_root():
    images = {container["image"] for _, container in containers("Deployment", "CronJob")
              if container["image"].startswith(BOT_IMAGE)}
    assert len(images) == 1
    for workload in of_kind("Deployment", "CronJob"):
        if pod_spec(workload)["containers"][0]["image"].startswith(BOT_IMAGE):
            assert pod_spec(workload)["securityContext"]["runAsNonRoot"] is True, workload["metadata"]["name"]


def test_k8s_services_are_cluster_internal_except_nginx():
    for service in of_kind("Service"):
        expected = "LoadBalancer" if service["metadata"]["name"] == "nginx" else "ClusterIP"
        assert service["spec"].get("type", "ClusterIP") == expected, service["metadata"]["name"]


def ingress_sources(app: str) -> list[dict]:
    policies = [policy for policy in of_kind("NetworkPolicy")
                if policy["spec"]["podSelector"].get("matchLabels") == {"app": app}]
    assert policies, f"no NetworkPolicy for app={app}"
    return [source for policy in policies for rule in policy["spec"].get("ingress", []) for source in rule["from"]]


def test_k8s_network_policies_deny_ingress_by_default():
    assert any(policy["spec"]["podSelector"] == {} and policy["spec"]["policyTypes"] == ["Ingress"]
               and not policy["spec"].get("ingress") for policy in of_kind("NetworkPolicy"))


def test_k8s_only_rasa_pods_may_reach_the_action_server():
    assert ingress_sources("actions") == [{"podSelector": {"matchLabels": {"app": "rasa"}}}]


def test_k8s_only_nginx_pods_may_reach_rasa():
    assert ingress_sources("rasa") == [{"podSelector": {"matchLabels": {"app": "nginx"}}}]


def test_k8s_retention_purge_runs_daily():
    cronjob = named("CronJob", "retention")
    command = " ".join(pod_spec(cronjob)["containers"][0]["command"])
    assert re.fullmatch(r"\d+ \d+ \* \* \*", cronjob["spec"]["schedule"])
    assert "python -m scripts.retention" in command and "--db-url" in command and "${RETENTION_DAYS}" in command


def test_k8s_nginx_reads_its_config_and_certificate_from_the_cluster():
    spec = pod_spec(named("Deployment", "nginx"))
    volumes = {volume["name"]: volume for volume in spec["volumes"]}
    assert volumes["conf"]["configMap"]["name"] == "nginx-conf"
    assert volumes["tls"]["secret"]["secretName"] == "nginx-tls"
    assert "/etc/nginx/custom/nginx.conf" in spec["containers"][0]["command"]


def test_k8s_trial_databases_are_marked_as_trial_only():
    for path in (K8S / "trial").glob("*.yaml"):
        assert "FOR TRIAL CLUSTERS ONLY" in path.read_text(), path


# --- nginx --------------------------------------------------------------------------------------

NGINX = NGINX_CONF.read_text()


def https_server() -> str:
    return next(block for block in blocks(NGINX, r"server") if "listen 443" in block)


def blocks(text: str, head: str) -> list[str]:
    """Bodies of `head ... { ... }` blocks, braces balanced."""
    found = []
    for match in re.finditer(rf'(?m)^\s*{head}\b(?:"[^"]*"|[^{{;"])*\{{', text):
        depth, index = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            index += 1
        found.append(match.group(0) + text[match.end():index])
    return found


def proxied_by(path: str) -> bool:
    """Does a location of the HTTPS server that proxies to Rasa match this path?"""
    for block in blocks(https_server(), "location"):
        if "proxy_pass" not in block:
            continue
        modifier, quoted, bare = re.match(r'\s*location\s+(=|~)?\s*(?:"([^"]+)"|(\S+))\s*\{', block).groups()
        pattern = quoted or bare
        if (modifier == "=" and path == pattern) or (modifier == "~" and re.search(pattern, path)):
            return True
        if modifier is None and path.startswith(pattern):
            return True
    return False


def test_nginx_caps_request_bodies_at_32k():
    assert re.search(r"client_max_body_size\s+32k;", NGINX)


def test_nginx_rate_limits_the_webhook_per_client_with_429():
    assert re.search(r"limit_req_zone\s+\$binary_remote_addr\s+zone=webhook:", NGINX)
    assert re.search(r"limit_req_status\s+429;", NGINX)
    (webhook,) = [block for block in blocks(https_server(), "location") if "/webhooks/rest/webhook" in block]
    assert re.search(r"limit_req\s+zone=webhook\s+burst=\d+", webhook)
    assert "limit_except POST" in webhook


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_nginx_proxies_the_public_path(path):
    assert proxied_by(path)


@pytest.mark.parametrize("path", PRIVATE_PATHS)
def test_nginx_does_not_proxy_the_private_path(path):
    assert not proxied_by(path)


def test_nginx_answers_404_for_everything_else():
    (default,) = [block for block in blocks(https_server(), "location") if re.match(r"\s*location\s+/\s*\{", block)]
    assert re.search(r"return\s+404;", default) and "proxy_pass" not in default


def test_nginx_redirects_http_to_https_and_sends_hsts():
    http = next(block for block in blocks(NGINX, "server") if re.search(r"listen\s+80\b", block))
    assert "return 301 https://$host$request_uri;" in http
    assert re.search(r'add_header\s+Strict-Transport-Security\s+"max-age=\d{8,}[^"]*"\s+always;', https_server())
    assert re.search(r"ssl_protocols\s+TLSv1\.2\s+TLSv1\.3;", https_server())


def test_nginx_sets_x_forwarded_for_to_the_client_address():
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX


def test_nginx_has_timeouts_on_both_sides():
    for directive in ("client_body_timeout", "proxy_connect_timeout", "proxy_read_timeout", "proxy_send_timeout"):
        assert re.search(rf"{directive}\s+\d+s;", NGINX), directive


def test_nginx_caches_the_widget_but_never_the_webhook():
    (webhook,) = [block for block in blocks(https_server(), "location") if "/webhooks/rest/webhook" in block]
    (widget,) = [block for block in blocks(https_server(), "location") if "widget" in block and "~" in block]
    assert "proxy_cache" not in webhook
    assert re.search(r"proxy_cache_valid\s+200\s+\d+m;", widget)


def test_nginx_reads_the_certificate_from_the_mounted_tls_folder():
    assert "ssl_certificate /etc/nginx/tls/tls.crt;" in NGINX
    assert "ssl_certificate_key /etc/nginx/tls/tls.key;" in NGINX


@pytest.mark.parametrize("upstream", UPSTREAMS, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_nginx_accepts_the_config(tmp_path, upstream):
    if not shutil.which("nginx") or not shutil.which("openssl"):
        pytest.skip("needs nginx and openssl")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "tls.key"), "-out", str(tmp_path / "tls.crt")],
        check=True, capture_output=True,
    )
    (tmp_path / "cache").mkdir()
    temp_paths = "".join(f"    {kind}_temp_path {tmp_path}/{kind};\n" for kind in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = (NGINX.replace("/etc/nginx/tls/", f"{tmp_path}/")
            .replace("/var/cache/nginx/", f"{tmp_path}/cache/")
            .replace("http {\n", "http {\n" + temp_paths, 1))
    (tmp_path / "nginx.conf").write_text(conf)
    # Names that only resolve inside the cluster (the `rasa` Service) become loopback.
    servers = re.sub(r"server\s+[A-Za-z][\w.-]*:(\d+)", r"server 127.0.0.1:\1", upstream.read_text())
    (tmp_path / "upstream.conf").write_text(servers)
    done = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path), "-e", "stderr",
         "-g", f"pid {tmp_path}/nginx.pid;"],
        capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 0, done.stderr


# --- Dockerfile and build context ---------------------------------------------------------------

DOCKERFILE = (DEPLOY / "Dockerfile").read_text()
INSTRUCTIONS = re.sub(r"\\\n\s*", " ", DOCKERFILE)


def dockerignore_excludes(path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent folders wins."""
    parents = [str(Path(*Path(path).parts[:end])) for end in range(1, len(Path(path).parts) + 1)]
    excluded = False
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        if any(fnmatch.fnmatchcase(parent, pattern) for parent in parents):
            excluded = not negated
    return excluded


def copied_sources() -> list[str]:
    sources = []
    for line in INSTRUCTIONS.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += line.split()[1:-1]
    return sources


def test_dockerfile_builds_on_python_310_slim_and_runs_as_non_root():
    assert "ARG PYTHON_IMAGE=python:3.10-slim" in DOCKERFILE
    user = re.findall(r"(?m)^USER\s+(\S+)", DOCKERFILE)[-1]
    assert user.split(":")[0] not in {"root", "0"}


def test_dockerfile_installs_the_project_and_trains_the_model():
    assert "pip install ." in INSTRUCTIONS
    assert "RUN python -m plugins.server train --fixed-model-name back_pain --out models" in INSTRUCTIONS
    assert "models/back_pain.tar.gz" in re.search(r"(?m)^COPY --from=train .*$", INSTRUCTIONS).group(0)


def test_dockerfile_default_command_is_the_rasa_server_with_the_production_endpoints():
    command = " ".join(yaml.safe_load(re.search(r"(?m)^CMD (\[.*\])$", INSTRUCTIONS).group(1)))
    assert command.startswith("python -m plugins.server run --model models/back_pain.tar.gz --port 5005")
    assert "--endpoints deploy/endpoints.yml" in command and "--enable-api" not in command


def test_dockerfile_turns_telemetry_off():
    assert "RASA_TELEMETRY_ENABLED=false" in INSTRUCTIONS


def test_dockerfile_copies_only_files_that_exist_and_are_in_the_build_context():
    sources = copied_sources()
    for needed in ("bot", "actions", "plugins", "data", "widget", "scripts", "config.yml", "domain.yml",
                   "credentials.yml", "deploy/endpoints.yml", "pyproject.toml"):
        assert needed in sources, needed
    for source in sources:
        assert (ROOT / source).exists(), source
        assert not dockerignore_excludes(source), source


@pytest.mark.parametrize("path", [".venv/bin/python", "models/back_pain.tar.gz", "var/conversations.db",
                                  "reports/evaluation/latest.json", ".cache/axe/x.js", ".git/config", "deploy/.env",
                                  "bot/__pycache__/clinics.cpython-310.pyc"])
def test_build_context_leaves_out(path):
    assert dockerignore_excludes(path)
