//! The parts of a reload that change what the hub serves rather than its sessions: the
//! listening sockets (`listen`) and the control FIFO (`control-fifo`). Both are set up in
//! [`Hub::prepare_global`] before the reload changes anything, so that an address that cannot
//! be bound or a FIFO that cannot be created fails the whole reload with nothing changed;
//! [`Hub::switch_global`] then stops what the new file no longer names and starts what was
//! prepared. Established sessions are never touched here.

use std::net::SocketAddr;

use crate::config::{Config, Listen};
use crate::peer::Listener;

use super::super::super::control::{ControlLink, control_paths, try_start_control};
use super::super::super::listen::{ListenPlan, RunningListener, bind_all, listener_neighbors};
use super::super::super::reload::Loaded;
use super::Hub;

/// What a reload has set up before changing anything.
pub(super) struct PreparedGlobal {
    listen: ListenPlan,
    /// The addresses new in `listen`, bound with the new file's keys.
    bound: Vec<(SocketAddr, Listener)>,
    /// `Some` when the control FIFO moves: the new link (`None`: `control-fifo #false`).
    control: Option<Option<ControlLink>>,
}

impl Hub {
    /// Binds the addresses new in `listen` (with the new file's TCP-MD5 keys and TTL policy)
    /// and starts the new control FIFO; the error line says what failed.
    pub(super) fn prepare_global(&self, loaded: &Loaded) -> Result<PreparedGlobal, String> {
        let new = &loaded.config;
        let listen = ListenPlan::new(&self.config.global.listen, &new.global.listen);
        let neighbors = listener_neighbors(new, &loaded.keys);
        let listeners = bind_all(&Listen::On(listen.added.clone()), &neighbors)
            .map_err(|error| error.to_string())?;
        let bound = listen.added.iter().copied().zip(listeners).collect();
        let control = if self.control_moves(new) {
            Some(try_start_control(
                &new.global.control_fifo,
                self.reload.commands.clone(),
            )?)
        } else {
            None
        };
        Ok(PreparedGlobal {
            listen,
            bound,
            control,
        })
    }

    /// Whether the new file names other control files than the running ones (`#true` and the
    /// runtime directory's path name the same ones).
    fn control_moves(&self, new: &Config) -> bool {
        let wanted = control_paths(&new.global.control_fifo);
        self.control.as_ref().map(ControlLink::paths) != wanted.as_ref()
    }

    /// Stops the listeners of removed addresses and the old control FIFO (which finishes the
    /// answer it is writing, then its files are removed); starts what was prepared.
    pub(super) fn switch_global(&mut self, prepared: PreparedGlobal) {
        let PreparedGlobal {
            listen,
            bound,
            control,
        } = prepared;
        let (removed, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.listeners)
            .into_iter()
            .partition(|listener| listen.removed.contains(&listener.address));
        self.listeners = kept;
        for listener in removed {
            tracing::info!("no longer listening on {}", listener.address);
            listener.abort();
        }
        let moved = !listen.added.is_empty() || !listen.removed.is_empty();
        for (address, listener) in bound {
            self.listeners.push(RunningListener::start(
                address,
                listener,
                self.known.subscribe(),
                self.reload.commands.clone(),
                self.reload.span.clone(),
            ));
        }
        if moved && self.listeners.is_empty() {
            tracing::info!("not listening (listen #false): every neighbor is connected to");
        }
        if let Some(control) = control {
            if let Some(old) = self.control.take() {
                old.retire();
            }
            self.control = control;
        }
    }
}
