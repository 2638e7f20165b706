package io.connectors.types.email;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * TLS for an SMTP connection made to an address (the one the outbound guard checked): the server is still named,
 * verified and sent SNI as {@code host}, whatever address or name Jakarta Mail passes in.
 */
final class HostSslSocketFactory extends SSLSocketFactory {

    private final String host;
    private final SSLSocketFactory delegate;

    HostSslSocketFactory(String host) {
        this.host = host;
        try {
            this.delegate = SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No default TLS context", e);
        }
    }

    @Override
    public Socket createSocket() throws IOException {
        return named(delegate.createSocket());
    }

    /** STARTTLS: layered over the plain connection. */
    @Override
    public Socket createSocket(Socket socket, String ignoredHost, int port, boolean autoClose) throws IOException {
        return named(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        return named(delegate.createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String ignoredHost, int port) throws IOException {
        throw new IOException("connections are made to the checked address only");
    }

    @Override
    public Socket createSocket(String ignoredHost, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new IOException("connections are made to the checked address only");
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return named(delegate.createSocket(address, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return named(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    private Socket named(Socket socket) {
        SSLSocket ssl = (SSLSocket) socket;
        SSLParameters parameters = ssl.getSSLParameters();
        // Host name verification as for HTTPS, against the SNI name when there is one.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!host.matches("[0-9.]+") && host.indexOf(':') < 0) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        return ssl;
    }
}
