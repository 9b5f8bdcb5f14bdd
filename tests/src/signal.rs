//! A phone's signal, as the tests switch it off and on: a TCP relay in
//! front of the worker. The browser talks to the relay's origin; `cut`
//! closes every open connection and refuses new ones, so the page, its
//! service worker and everything else see no network at all (not only the
//! page, as DevTools' offline emulation would), until `restore`.

use std::sync::Arc;

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// The relay; dropping it stops it.
pub struct Signal {
    /// The origin to open in the browser (`http://127.0.0.1:port`).
    pub base: String,
    up: Arc<watch::Sender<bool>>,
    task: tokio::task::JoinHandle<()>,
}

impl Signal {
    /// Starts a relay to `upstream` (`http://127.0.0.1:port`), signal up.
    pub async fn start(upstream: &str) -> Signal {
        let target = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind relay");
        let base = format!("http://{}", listener.local_addr().expect("relay address"));
        let (up, _) = watch::channel(true);
        let up = Arc::new(up);
        let sender = up.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    continue;
                };
                let mut state = sender.subscribe();
                if !*state.borrow() {
                    drop(inbound);
                    continue;
                }
                let target = target.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = state.wait_for(|up| !*up) => {}
                    }
                });
            }
        });
        Signal { base, up, task }
    }

    /// No signal: open connections close, new ones are refused.
    pub fn cut(&self) {
        self.up.send_replace(false);
    }

    /// The signal is back.
    pub fn restore(&self) {
        self.up.send_replace(true);
    }
}

impl Drop for Signal {
    fn drop(&mut self) {
        self.task.abort();
    }
}
