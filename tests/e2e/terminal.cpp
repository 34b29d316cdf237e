#include "e2e/terminal.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace tally::e2e {

namespace {

void must(int rc, const char* what) {
  if (rc < 0) {
    throw std::runtime_error(std::string(what) + " failed");
  }
}

}  // namespace

Result run_in_terminal(const std::string& program, const std::vector<std::string>& args, const std::string& input,
                       OnTerminal on_terminal, int width, const std::map<std::string, std::string>& env) {
  int in_pipe[2], err_pipe[2];
  must(pipe2(in_pipe, O_CLOEXEC), "pipe");
  must(pipe2(err_pipe, O_CLOEXEC), "pipe");
  std::vector<std::string> env_strings =
      child_environment({{"TALLY_ACTOR", "tester"}, {"TALLY_NOW", "2026-11-27T09:15:00Z"}}, env);
  std::vector<char*> envp = c_strings(env_strings);
  std::vector<std::string> argv_strings = {program};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv = c_strings(argv_strings);

  termios mode{};
  cfmakeraw(&mode);
  winsize size{};
  size.ws_col = static_cast<unsigned short>(width);
  size.ws_row = 24;
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, &mode, &size);
  must(pid, "forkpty");
  if (pid == 0) {
    dup2(in_pipe[0], STDIN_FILENO);
    if (on_terminal == OnTerminal::out) {
      dup2(err_pipe[1], STDERR_FILENO);
    }
    for (int fd : {in_pipe[0], in_pipe[1], err_pipe[0], err_pipe[1]}) {
      close(fd);
    }
    execve(program.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(err_pipe[1]);

  signal(SIGPIPE, SIG_IGN);
  Result result;
  std::size_t written = 0;
  int in_fd = in_pipe[1];
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  bool term_open = true, err_open = true;
  while (term_open || err_open || in_fd >= 0) {
    std::vector<pollfd> fds;
    if (term_open) {
      fds.push_back({master, POLLIN, 0});
    }
    if (err_open) {
      fds.push_back({err_pipe[0], POLLIN, 0});
    }
    if (in_fd >= 0) {
      fds.push_back({in_fd, POLLOUT, 0});
    }
    const int ready = poll(fds.data(), fds.size(), 30000);
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      break;  // an error, or nothing for 30 s: give up rather than hang the suite
    }
    for (const auto& p : fds) {
      if (p.revents == 0) {
        continue;
      }
      if (p.fd == in_fd) {
        const ssize_t n = write(in_fd, input.data() + written, input.size() - written);
        if (n > 0) {
          written += static_cast<std::size_t>(n);
        }
        if (n < 0 || written == input.size()) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      char buffer[4096];
      const ssize_t n = read(p.fd, buffer, sizeof buffer);
      if (n <= 0) {  // a terminal whose other side closed reads EIO
        (p.fd == master ? term_open : err_open) = false;
        continue;
      }
      (p.fd == master ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
    }
  }
  if (in_fd >= 0) {
    close(in_fd);
  }
  close(master);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

Result run_on_terminal(const std::string& program, const std::vector<std::string>& args, unsigned short columns,
                       const std::map<std::string, std::string>& env) {
  return run_in_terminal(program, args, "", OnTerminal::out_and_err, columns, env);
}

Result Sandbox::tally_on_terminal(const std::vector<std::string>& args, unsigned short columns,
                                  const std::map<std::string, std::string>& env) const {
  std::vector<std::string> full = {"--db", db()};
  full.insert(full.end(), args.begin(), args.end());
  return run_on_terminal(tally_path(), full, columns, env);
}

}  // namespace tally::e2e
