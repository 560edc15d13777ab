/*
 * mock-cluster: runs librdkafka's in-library mock Kafka cluster as a standalone process, so that
 * clients in other processes (Gregor's tests) can talk to a multi-broker "Kafka" on loopback and
 * inject faults into it.
 *
 * Usage:
 *   mock-cluster [--brokers N] [--topic NAME:PARTITIONS[:REPLICATION]]... [--port-file PATH]
 *                [--debug] [--version] [--help]
 *
 * Protocol (stdout is reserved for it; librdkafka's logs go to stderr):
 *   - on start-up: one line with the bootstrap list ("127.0.0.1:P1,127.0.0.1:P2,..."), then "READY";
 *   - then one command per line on stdin, each answered by exactly one line: "OK", "OK <value>" or
 *     "ERR <reason>" (flushed). The commands are listed in usage() below.
 *   - "quit" or end of input on stdin (the parent closed the pipe or died) => clean exit, status 0.
 *     SIGTERM, SIGINT and SIGHUP also end the process cleanly.
 *
 * Built against Debian's librdkafka-dev headers (2.0.2); the mock API prototypes used here are
 * unchanged in later versions, so the binary may be linked against a newer librdkafka (2.16 from the
 * confluent-kafka wheel). Functions that only newer versions export are looked up with dlsym.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

enum {
        MAX_BROKERS          = 64,
        MAX_PARTITIONS       = 10000,
        MAX_TOPIC_NAME       = 249,  /* Kafka's limit on topic name length. */
        MAX_LINE             = 4096, /* Longer command lines are rejected. */
        MAX_ARGS             = 8,
        MAX_ERROR_COUNT      = 100000,
        MAX_RTT_MS           = 3600 * 1000,
        SHUTDOWN_WATCHDOG_S  = 15, /* A stuck shutdown is cut short after this long. */
};

/* Functions only newer librdkafka versions export (looked up at run time). */
typedef rd_kafka_resp_err_t (*delete_records_fn)(rd_kafka_mock_cluster_t *, const char *, int32_t,
                                                 int64_t);
typedef rd_kafka_resp_err_t (*topic_delete_fn)(rd_kafka_mock_cluster_t *, const char *);
/* Returns void in 2.16 (it only stores the id). */
typedef void (*set_controller_id_fn)(rd_kafka_mock_cluster_t *, int32_t);

typedef struct {
        rd_kafka_t *rk;
        rd_kafka_mock_cluster_t *mcluster;
        int broker_cnt;
        delete_records_fn delete_records;
        topic_delete_fn topic_delete;
        set_controller_id_fn set_controller_id;
} cluster_t;

static volatile sig_atomic_t stop_signal = 0;

static void on_stop_signal(int sig) {
        stop_signal = sig;
}

static void on_watchdog(int sig) {
        (void)sig;
        static const char msg[] = "mock-cluster: shutdown took too long, exiting\n";
        ssize_t ignored         = write(STDERR_FILENO, msg, sizeof(msg) - 1);
        (void)ignored;
        _exit(3);
}

/* librdkafka log lines go to stderr, never stdout (stdout carries the command protocol). */
static void log_to_stderr(const rd_kafka_t *rk, int level, const char *fac, const char *buf) {
        (void)rk;
        fprintf(stderr, "mock-cluster: librdkafka %d %s: %s\n", level, fac, buf);
}

static void usage(FILE *out) {
        fputs(
            "usage: mock-cluster [--brokers N] [--topic NAME:PARTITIONS[:REPLICATION]]...\n"
            "                    [--port-file PATH] [--debug] [--version] [--help]\n"
            "\n"
            "Prints the bootstrap list, then READY, then answers one stdin command per line\n"
            "with OK, OK <value> or ERR <reason>. Broker ids are 1..N; -1 means all brokers\n"
            "where noted. CODE is a Kafka error code (number, e.g. 6, or name, e.g.\n"
            "NOT_LEADER_OR_FOLLOWER; -195 / _TRANSPORT makes the broker drop the connection).\n"
            "\n"
            "  broker down ID|-1             close the broker's connections, refuse new ones\n"
            "  broker up ID|-1               accept connections again\n"
            "  leader TOPIC PARTITION ID     move the partition leader (ID must be a broker)\n"
            "  rtt ID|-1 MS                  delay every response of the broker by MS\n"
            "  error APIKEY CODE [COUNT]     fail the next COUNT requests of APIKEY (any broker)\n"
            "  error-clear APIKEY            drop the queued errors of APIKEY\n"
            "  broker-error ID APIKEY CODE RTT_MS [COUNT]\n"
            "                                same, on one broker, with a delay (CODE 0: delay only)\n"
            "  topic-error TOPIC CODE        error for the topic in Metadata (CODE 0 clears it)\n"
            "  create-topic NAME PARTITIONS REPLICATION\n"
            "  coordinator group|transaction KEY ID\n"
            "  delete-records TOPIC PARTITION OFFSET   (newer librdkafka only)\n"
            "  delete-topic NAME                        (newer librdkafka only)\n"
            "  controller ID|-1                         (newer librdkafka only)\n"
            "  bootstraps                    OK <bootstrap list>\n"
            "  version                       OK <librdkafka version>\n"
            "  ping                          OK\n"
            "  quit                          OK, then a clean exit\n",
            out);
}

/* ---- Parsing helpers: every number is checked for syntax and range. ---- */

static bool parse_int64(const char *s, int64_t min, int64_t max, int64_t *out) {
        char *end;
        long long v;

        if (!s || !*s)
                return false;
        errno = 0;
        v     = strtoll(s, &end, 10);
        if (errno != 0 || *end != '\0' || end == s || v < min || v > max)
                return false;
        *out = (int64_t)v;
        return true;
}

static bool parse_int(const char *s, int min, int max, int *out) {
        int64_t v;
        if (!parse_int64(s, min, max, &v))
                return false;
        *out = (int)v;
        return true;
}

/* Kafka's rule: 1..249 characters from [a-zA-Z0-9._-], and neither "." nor "..". */
static bool valid_topic_name(const char *name) {
        size_t len = strlen(name);

        if (len == 0 || len > MAX_TOPIC_NAME || !strcmp(name, ".") || !strcmp(name, ".."))
                return false;
        for (const char *p = name; *p; p++) {
                if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
                        return false;
        }
        return true;
}

/* A Kafka error code as a number (int16 range, or librdkafka's negative internal codes) or a
 * librdkafka error name with or without the "ERR_" prefix, case-insensitive. */
static bool parse_error_code(const char *s, rd_kafka_resp_err_t *out) {
        const struct rd_kafka_err_desc *descs;
        size_t cnt;
        int64_t v;

        if (parse_int64(s, RD_KAFKA_RESP_ERR__BEGIN, INT16_MAX, &v)) {
                *out = (rd_kafka_resp_err_t)v;
                return true;
        }
        if (!strncasecmp(s, "ERR_", 4))
                s += 4;
        if (!*s)
                return false;
        /* Kafka's current names where librdkafka keeps an older one. */
        if (!strcasecmp(s, "NOT_LEADER_OR_FOLLOWER")) {
                *out = RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION;
                return true;
        }
        if (!strcasecmp(s, "UNKNOWN_TOPIC_OR_PARTITION")) {
                *out = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
                return true;
        }
        rd_kafka_get_err_descs(&descs, &cnt);
        for (size_t i = 0; i < cnt; i++) {
                if (descs[i].name && !strcasecmp(descs[i].name, s)) {
                        *out = descs[i].code;
                        return true;
                }
        }
        return false;
}

/* Protocol API keys are int16 >= 0. */
static bool parse_api_key(const char *s, int16_t *out) {
        int v;
        if (!parse_int(s, 0, INT16_MAX, &v))
                return false;
        *out = (int16_t)v;
        return true;
}

/* ---- Answers ---- */

static void answer(const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        vfprintf(stdout, fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
        if (fflush(stdout) != 0 || ferror(stdout)) {
                /* Nobody reads our answers any more (parent gone): leave quietly. */
                stop_signal = SIGPIPE;
        }
}

static void answer_err(rd_kafka_resp_err_t err) {
        if (err)
                answer("ERR %s: %s", rd_kafka_err2name(err), rd_kafka_err2str(err));
        else
                answer("OK");
}

/* ---- Commands ---- */

static void cmd_broker(cluster_t *c, int argc, char **argv) {
        int32_t id;
        int v;

        if (argc != 3) {
                answer("ERR usage: broker down|up ID");
                return;
        }
        if (!parse_int(argv[2], -1, INT32_MAX, &v)) {
                answer("ERR bad broker id '%s'", argv[2]);
                return;
        }
        id = (int32_t)v;
        if (!strcmp(argv[1], "down"))
                answer_err(rd_kafka_mock_broker_set_down(c->mcluster, id));
        else if (!strcmp(argv[1], "up"))
                answer_err(rd_kafka_mock_broker_set_up(c->mcluster, id));
        else
                answer("ERR usage: broker down|up ID");
}

static void cmd_leader(cluster_t *c, int argc, char **argv) {
        int partition, broker;

        if (argc != 4) {
                answer("ERR usage: leader TOPIC PARTITION BROKERID");
                return;
        }
        if (!valid_topic_name(argv[1])) {
                answer("ERR bad topic name");
                return;
        }
        /* The mock creates an unknown topic with PARTITION+1 partitions here: keep that bounded. */
        if (!parse_int(argv[2], 0, MAX_PARTITIONS - 1, &partition)) {
                answer("ERR bad partition '%s'", argv[2]);
                return;
        }
        /* Leader -1 (leaderless) makes librdkafka 2.16 crash once a client touches the partition;
         * take the broker down instead. */
        if (!parse_int(argv[3], 0, INT32_MAX, &broker)) {
                answer("ERR bad broker id '%s' (leaderless partitions are not supported: use "
                       "'broker down')",
                       argv[3]);
                return;
        }
        answer_err(rd_kafka_mock_partition_set_leader(c->mcluster, argv[1], partition, broker));
}

static void cmd_rtt(cluster_t *c, int argc, char **argv) {
        int broker, ms;

        if (argc != 3) {
                answer("ERR usage: rtt BROKERID MS");
                return;
        }
        if (!parse_int(argv[1], -1, INT32_MAX, &broker)) {
                answer("ERR bad broker id '%s'", argv[1]);
                return;
        }
        if (!parse_int(argv[2], 0, MAX_RTT_MS, &ms)) {
                answer("ERR bad rtt '%s' (0..%d ms)", argv[2], MAX_RTT_MS);
                return;
        }
        answer_err(rd_kafka_mock_broker_set_rtt(c->mcluster, broker, ms));
}

static void cmd_error(cluster_t *c, int argc, char **argv) {
        int16_t api_key;
        rd_kafka_resp_err_t code;
        int count = 1;
        rd_kafka_resp_err_t *codes;

        if (argc != 3 && argc != 4) {
                answer("ERR usage: error APIKEY CODE [COUNT]");
                return;
        }
        if (!parse_api_key(argv[1], &api_key)) {
                answer("ERR bad api key '%s'", argv[1]);
                return;
        }
        if (!parse_error_code(argv[2], &code)) {
                answer("ERR bad error code '%s'", argv[2]);
                return;
        }
        if (argc == 4 && !parse_int(argv[3], 1, MAX_ERROR_COUNT, &count)) {
                answer("ERR bad count '%s' (1..%d)", argv[3], MAX_ERROR_COUNT);
                return;
        }
        codes = malloc((size_t)count * sizeof(*codes));
        if (!codes) {
                answer("ERR out of memory");
                return;
        }
        for (int i = 0; i < count; i++)
                codes[i] = code;
        rd_kafka_mock_push_request_errors_array(c->mcluster, api_key, (size_t)count, codes);
        free(codes);
        answer("OK");
}

static void cmd_error_clear(cluster_t *c, int argc, char **argv) {
        int16_t api_key;

        if (argc != 2 || !parse_api_key(argv[1], &api_key)) {
                answer("ERR usage: error-clear APIKEY");
                return;
        }
        rd_kafka_mock_clear_request_errors(c->mcluster, api_key);
        answer("OK");
}

static void cmd_broker_error(cluster_t *c, int argc, char **argv) {
        int broker, rtt, count = 1;
        int16_t api_key;
        rd_kafka_resp_err_t code;

        if (argc != 5 && argc != 6) {
                answer("ERR usage: broker-error BROKERID APIKEY CODE RTT_MS [COUNT]");
                return;
        }
        if (!parse_int(argv[1], 0, INT32_MAX, &broker)) {
                answer("ERR bad broker id '%s'", argv[1]);
                return;
        }
        if (!parse_api_key(argv[2], &api_key)) {
                answer("ERR bad api key '%s'", argv[2]);
                return;
        }
        if (!parse_error_code(argv[3], &code)) {
                answer("ERR bad error code '%s'", argv[3]);
                return;
        }
        if (!parse_int(argv[4], 0, MAX_RTT_MS, &rtt)) {
                answer("ERR bad rtt '%s' (0..%d ms)", argv[4], MAX_RTT_MS);
                return;
        }
        if (argc == 6 && !parse_int(argv[5], 1, MAX_ERROR_COUNT, &count)) {
                answer("ERR bad count '%s' (1..%d)", argv[5], MAX_ERROR_COUNT);
                return;
        }
        for (int i = 0; i < count; i++) {
                rd_kafka_resp_err_t err = rd_kafka_mock_broker_push_request_error_rtts(
                    c->mcluster, broker, api_key, 1, code, rtt);
                if (err) {
                        answer_err(err);
                        return;
                }
        }
        answer("OK");
}

static void cmd_topic_error(cluster_t *c, int argc, char **argv) {
        rd_kafka_resp_err_t code;

        if (argc != 3) {
                answer("ERR usage: topic-error TOPIC CODE");
                return;
        }
        if (!valid_topic_name(argv[1])) {
                answer("ERR bad topic name");
                return;
        }
        if (!parse_error_code(argv[2], &code)) {
                answer("ERR bad error code '%s'", argv[2]);
                return;
        }
        rd_kafka_mock_topic_set_error(c->mcluster, argv[1], code);
        answer("OK");
}

static rd_kafka_resp_err_t create_topic(cluster_t *c, const char *name, int partitions,
                                        int replication, char *why, size_t why_size) {
        if (!valid_topic_name(name)) {
                snprintf(why, why_size, "bad topic name '%s'", name);
                return RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION;
        }
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
                snprintf(why, why_size, "partitions must be 1..%d", MAX_PARTITIONS);
                return RD_KAFKA_RESP_ERR_INVALID_PARTITIONS;
        }
        /* Replication 0 would leave partitions leaderless (crash risk, see cmd_leader). */
        if (replication < 1 || replication > c->broker_cnt) {
                snprintf(why, why_size, "replication must be 1..%d (the broker count)",
                         c->broker_cnt);
                return RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR;
        }
        return rd_kafka_mock_topic_create(c->mcluster, name, partitions, replication);
}

static void cmd_create_topic(cluster_t *c, int argc, char **argv) {
        int partitions, replication;
        char why[128] = "";
        rd_kafka_resp_err_t err;

        if (argc != 4) {
                answer("ERR usage: create-topic NAME PARTITIONS REPLICATION");
                return;
        }
        if (!parse_int(argv[2], 1, MAX_PARTITIONS, &partitions)) {
                answer("ERR bad partition count '%s' (1..%d)", argv[2], MAX_PARTITIONS);
                return;
        }
        if (!parse_int(argv[3], 1, c->broker_cnt, &replication)) {
                answer("ERR bad replication factor '%s' (1..%d)", argv[3], c->broker_cnt);
                return;
        }
        err = create_topic(c, argv[1], partitions, replication, why, sizeof(why));
        if (err && *why)
                answer("ERR %s", why);
        else
                answer_err(err);
}

static void cmd_coordinator(cluster_t *c, int argc, char **argv) {
        int broker;

        if (argc != 4 || (strcmp(argv[1], "group") && strcmp(argv[1], "transaction"))) {
                answer("ERR usage: coordinator group|transaction KEY BROKERID");
                return;
        }
        if (!parse_int(argv[3], 0, INT32_MAX, &broker)) {
                answer("ERR bad broker id '%s'", argv[3]);
                return;
        }
        answer_err(rd_kafka_mock_coordinator_set(c->mcluster, argv[1], argv[2], broker));
}

static void cmd_delete_records(cluster_t *c, int argc, char **argv) {
        int partition;
        int64_t offset;

        if (!c->delete_records) {
                answer("ERR unsupported");
                return;
        }
        if (argc != 4) {
                answer("ERR usage: delete-records TOPIC PARTITION OFFSET");
                return;
        }
        if (!valid_topic_name(argv[1])) {
                answer("ERR bad topic name");
                return;
        }
        if (!parse_int(argv[2], 0, INT32_MAX, &partition)) {
                answer("ERR bad partition '%s'", argv[2]);
                return;
        }
        /* The mock would happily move the log start offset to a negative value. */
        if (!parse_int64(argv[3], 0, INT64_MAX, &offset)) {
                answer("ERR bad offset '%s' (>= 0)", argv[3]);
                return;
        }
        answer_err(c->delete_records(c->mcluster, argv[1], partition, offset));
}

static void cmd_delete_topic(cluster_t *c, int argc, char **argv) {
        if (!c->topic_delete) {
                answer("ERR unsupported");
                return;
        }
        if (argc != 2) {
                answer("ERR usage: delete-topic NAME");
                return;
        }
        if (!valid_topic_name(argv[1])) {
                answer("ERR bad topic name");
                return;
        }
        answer_err(c->topic_delete(c->mcluster, argv[1]));
}

static void cmd_controller(cluster_t *c, int argc, char **argv) {
        int id;

        if (!c->set_controller_id) {
                answer("ERR unsupported");
                return;
        }
        if (argc != 2) {
                answer("ERR usage: controller ID");
                return;
        }
        /* The mock accepts any id; Kafka's controller is one of the brokers (or -1: unknown). */
        if (!parse_int(argv[1], -1, c->broker_cnt, &id) || id == 0) {
                answer("ERR bad controller id '%s' (1..%d, or -1)", argv[1], c->broker_cnt);
                return;
        }
        c->set_controller_id(c->mcluster, (int32_t)id);
        answer("OK");
}

/* Splits line into whitespace-separated words in place. Returns the word count, or -1 if there are
 * more than MAX_ARGS words. */
static int split_words(char *line, char **argv) {
        int argc = 0;
        char *save, *word;

        for (word = strtok_r(line, " \t\r\n", &save); word; word = strtok_r(NULL, " \t\r\n", &save)) {
                if (argc == MAX_ARGS)
                        return -1;
                argv[argc++] = word;
        }
        return argc;
}

/* Runs one command line; returns false when the process should exit. */
static bool run_command(cluster_t *c, char *line) {
        char *argv[MAX_ARGS];
        int argc = split_words(line, argv);

        if (argc < 0) {
                answer("ERR too many words");
                return true;
        }
        if (argc == 0) {
                answer("ERR empty command");
                return true;
        }

        if (!strcmp(argv[0], "quit")) {
                answer("OK");
                return false;
        } else if (!strcmp(argv[0], "ping") && argc == 1) {
                answer("OK");
        } else if (!strcmp(argv[0], "bootstraps") && argc == 1) {
                answer("OK %s", rd_kafka_mock_cluster_bootstraps(c->mcluster));
        } else if (!strcmp(argv[0], "version") && argc == 1) {
                answer("OK %s", rd_kafka_version_str());
        } else if (!strcmp(argv[0], "broker")) {
                cmd_broker(c, argc, argv);
        } else if (!strcmp(argv[0], "leader")) {
                cmd_leader(c, argc, argv);
        } else if (!strcmp(argv[0], "rtt")) {
                cmd_rtt(c, argc, argv);
        } else if (!strcmp(argv[0], "error")) {
                cmd_error(c, argc, argv);
        } else if (!strcmp(argv[0], "error-clear")) {
                cmd_error_clear(c, argc, argv);
        } else if (!strcmp(argv[0], "broker-error")) {
                cmd_broker_error(c, argc, argv);
        } else if (!strcmp(argv[0], "topic-error")) {
                cmd_topic_error(c, argc, argv);
        } else if (!strcmp(argv[0], "create-topic")) {
                cmd_create_topic(c, argc, argv);
        } else if (!strcmp(argv[0], "coordinator")) {
                cmd_coordinator(c, argc, argv);
        } else if (!strcmp(argv[0], "delete-records")) {
                cmd_delete_records(c, argc, argv);
        } else if (!strcmp(argv[0], "delete-topic")) {
                cmd_delete_topic(c, argc, argv);
        } else if (!strcmp(argv[0], "controller")) {
                cmd_controller(c, argc, argv);
        } else {
                answer("ERR unknown command");
        }
        return true;
}

/* Reads stdin with poll()+read() rather than stdio, so that a stop signal is noticed within
 * POLL_MS even if it arrives just before a blocking read, and an endless line cannot grow memory. */
enum { POLL_MS = 200 };

/* Runs one complete line (without its newline); returns false when the process should exit. */
static bool handle_line(cluster_t *c, char *line, size_t len, bool too_long) {
        if (too_long) {
                answer("ERR line too long (max %d bytes)", MAX_LINE);
                return true;
        }
        if (memchr(line, '\0', len)) {
                answer("ERR NUL byte in command");
                return true;
        }
        line[len] = '\0';
        return run_command(c, line);
}

/* Reads and answers commands until quit, end of input, a stop signal or a dead stdout. */
static void command_loop(cluster_t *c) {
        static char buf[MAX_LINE + 1]; /* One line being assembled (+1 for its terminator). */
        size_t len    = 0;
        bool too_long = false; /* Discarding the rest of an over-long line. */

        while (!stop_signal) {
                struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
                char chunk[1024];
                ssize_t n;
                int r = poll(&pfd, 1, POLL_MS);

                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        break;
                }
                if (r == 0)
                        continue;
                n = read(STDIN_FILENO, chunk, sizeof(chunk));
                if (n < 0) {
                        if (errno == EINTR || errno == EAGAIN)
                                continue;
                        break;
                }
                if (n == 0) {
                        /* End of input: a last line without newline still counts. */
                        if (len > 0 || too_long)
                                handle_line(c, buf, len, too_long);
                        break;
                }
                for (ssize_t i = 0; i < n; i++) {
                        if (chunk[i] == '\n') {
                                bool go_on = handle_line(c, buf, len, too_long);
                                len        = 0;
                                too_long   = false;
                                if (!go_on || stop_signal)
                                        return;
                        } else if (len < MAX_LINE) {
                                buf[len++] = chunk[i];
                        } else {
                                too_long = true;
                        }
                }
        }
}

/* ---- Start-up ---- */

typedef struct {
        char name[MAX_TOPIC_NAME + 1];
        int partitions;
        int replication; /* 0: default. */
} topic_spec_t;

static bool parse_topic_spec(const char *arg, topic_spec_t *spec) {
        char buf[MAX_TOPIC_NAME + 64];
        char *first, *second;

        if (strlen(arg) >= sizeof(buf))
                return false;
        strcpy(buf, arg);
        first = strchr(buf, ':');
        if (!first)
                return false;
        *first++ = '\0';
        second   = strchr(first, ':');
        if (second)
                *second++ = '\0';
        if (!valid_topic_name(buf) || !parse_int(first, 1, MAX_PARTITIONS, &spec->partitions))
                return false;
        spec->replication = 0;
        if (second && !parse_int(second, 1, MAX_BROKERS, &spec->replication))
                return false;
        strcpy(spec->name, buf);
        return true;
}

/* Writes the bootstrap list to path atomically (temporary file + rename). */
static bool write_port_file(const char *path, const char *bootstraps) {
        char tmp[PATH_MAX];
        FILE *f;
        int n = snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());

        if (n < 0 || (size_t)n >= sizeof(tmp))
                return false;
        if (!(f = fopen(tmp, "w")))
                return false;
        if (fprintf(f, "%s\n", bootstraps) < 0 || fclose(f) != 0) {
                unlink(tmp);
                return false;
        }
        if (rename(tmp, path) != 0) {
                unlink(tmp);
                return false;
        }
        return true;
}

static void install_signal_handlers(void) {
        struct sigaction sa;

        memset(&sa, 0, sizeof(sa));
        sigemptyset(&sa.sa_mask);
        /* No SA_RESTART: a signal must interrupt the blocking read of stdin. */
        sa.sa_handler = on_stop_signal;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
        sa.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &sa, NULL); /* A closed stdout shows up as a write error instead. */
}

static rd_kafka_t *new_handle(bool debug) {
        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *rk;

        rd_kafka_conf_set_log_cb(conf, log_to_stderr);
        if (rd_kafka_conf_set(conf, "client.id", "gregor-mock-cluster", errstr, sizeof(errstr)) ||
            rd_kafka_conf_set(conf, "log_level", debug ? "7" : "4", errstr, sizeof(errstr)) ||
            (debug && rd_kafka_conf_set(conf, "debug", "mock", errstr, sizeof(errstr)))) {
                fprintf(stderr, "mock-cluster: configuration failed: %s\n", errstr);
                rd_kafka_conf_destroy(conf);
                return NULL;
        }
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "mock-cluster: rd_kafka_new failed: %s\n", errstr);
                rd_kafka_conf_destroy(conf);
        }
        return rk;
}

int main(int argc, char **argv) {
        cluster_t c;
        topic_spec_t *topics = NULL;
        int topic_cnt        = 0;
        const char *port_file = NULL;
        bool debug            = false;
        int status            = 0;

        memset(&c, 0, sizeof(c));
        c.broker_cnt = 3;

        for (int i = 1; i < argc; i++) {
                const char *arg = argv[i];
                bool has_value  = i + 1 < argc;

                if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
                        usage(stdout);
                        return 0;
                } else if (!strcmp(arg, "--version")) {
                        printf("%s\n", rd_kafka_version_str());
                        return 0;
                } else if (!strcmp(arg, "--debug")) {
                        debug = true;
                } else if (!strcmp(arg, "--brokers") && has_value) {
                        if (!parse_int(argv[++i], 1, MAX_BROKERS, &c.broker_cnt)) {
                                fprintf(stderr, "mock-cluster: --brokers must be 1..%d\n",
                                        MAX_BROKERS);
                                return 2;
                        }
                } else if (!strcmp(arg, "--topic") && has_value) {
                        topic_spec_t *grown = realloc(topics, sizeof(*topics) * (size_t)(topic_cnt + 1));
                        if (!grown) {
                                fprintf(stderr, "mock-cluster: out of memory\n");
                                free(topics);
                                return 2;
                        }
                        topics = grown;
                        if (!parse_topic_spec(argv[++i], &topics[topic_cnt])) {
                                fprintf(stderr,
                                        "mock-cluster: bad --topic '%s' (NAME:PARTITIONS[:REPLICATION], "
                                        "partitions 1..%d)\n",
                                        argv[i], MAX_PARTITIONS);
                                free(topics);
                                return 2;
                        }
                        topic_cnt++;
                } else if (!strcmp(arg, "--port-file") && has_value) {
                        port_file = argv[++i];
                } else {
                        fprintf(stderr, "mock-cluster: unknown or incomplete argument '%s'\n", arg);
                        usage(stderr);
                        free(topics);
                        return 2;
                }
        }

        install_signal_handlers();

        if (!(c.rk = new_handle(debug))) {
                free(topics);
                return 1;
        }
        if (!(c.mcluster = rd_kafka_mock_cluster_new(c.rk, c.broker_cnt))) {
                fprintf(stderr, "mock-cluster: rd_kafka_mock_cluster_new failed\n");
                rd_kafka_destroy(c.rk);
                free(topics);
                return 1;
        }
        c.delete_records    = (delete_records_fn)dlsym(RTLD_DEFAULT,
                                                       "rd_kafka_mock_partition_delete_records");
        c.topic_delete      = (topic_delete_fn)dlsym(RTLD_DEFAULT, "rd_kafka_mock_topic_delete");
        c.set_controller_id = (set_controller_id_fn)dlsym(RTLD_DEFAULT,
                                                          "rd_kafka_mock_set_controller_id");
        fprintf(stderr,
                "mock-cluster: librdkafka %s, %d broker(s); delete-records %s, delete-topic %s, "
                "controller %s\n",
                rd_kafka_version_str(), c.broker_cnt, c.delete_records ? "yes" : "no",
                c.topic_delete ? "yes" : "no", c.set_controller_id ? "yes" : "no");

        for (int i = 0; i < topic_cnt && status == 0; i++) {
                char why[128]          = "";
                int replication        = topics[i].replication;
                rd_kafka_resp_err_t err;

                /* Default as the mock's own auto-creation: min(3, brokers). */
                if (replication == 0)
                        replication = c.broker_cnt < 3 ? c.broker_cnt : 3;
                err = create_topic(&c, topics[i].name, topics[i].partitions, replication, why,
                                   sizeof(why));
                if (err) {
                        fprintf(stderr, "mock-cluster: cannot create topic '%s': %s\n",
                                topics[i].name, *why ? why : rd_kafka_err2str(err));
                        status = 2;
                }
        }
        free(topics);

        if (status == 0 && port_file &&
            !write_port_file(port_file, rd_kafka_mock_cluster_bootstraps(c.mcluster))) {
                fprintf(stderr, "mock-cluster: cannot write --port-file '%s': %s\n", port_file,
                        strerror(errno));
                status = 1;
        }

        if (status == 0) {
                answer("%s", rd_kafka_mock_cluster_bootstraps(c.mcluster));
                answer("READY");
                command_loop(&c);
                if (stop_signal && stop_signal != SIGPIPE)
                        fprintf(stderr, "mock-cluster: signal %d, shutting down\n", (int)stop_signal);
        }

        /* Destroying the cluster closes client connections; never let it hang the caller. */
        signal(SIGALRM, on_watchdog);
        alarm(SHUTDOWN_WATCHDOG_S);
        rd_kafka_mock_cluster_destroy(c.mcluster);
        rd_kafka_destroy(c.rk);
        return status;
}
